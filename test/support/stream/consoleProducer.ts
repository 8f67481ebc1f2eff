import { spawn } from 'node:child_process';
import { silentLogger } from '../../../lib/log';
import { ensureKafkaJars } from '../../../lib/services/kafka';
import { scratchDir, testBrokers, testConfig } from '../scratch';

/**
 * Kafka's own console producer from the broker's jars, one line a record:
 * what specs use where the stream must read any client's data, not only our
 * producer's. With `keys`, each line is sent as `key|value`, partitioned by
 * Java's default partitioner (as sensors' readings are, by sensor_id).
 */
export async function consoleProduce(topic: string, lines: string[], options: { keys?: string[]; codec?: string } = {}): Promise<void> {
  const scratch = scratchDir();
  const libs = await ensureKafkaJars(testConfig(scratch.dir).cacheDir, silentLogger).finally(() => scratch.cleanup());
  const keyed = options.keys !== undefined;
  const child = spawn('java', [
    '-Xmx256m', '-cp', `${libs}/*`, 'org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', testBrokers().join(','), '--topic', topic,
    // The console producer sets compression.type from --compression-codec (default none), over any --producer-property.
    '--compression-codec', options.codec ?? 'none', '--producer-property', 'acks=all', '--producer-property', 'linger.ms=20',
    ...(keyed ? ['--property', 'parse.key=true', '--property', 'key.separator=|'] : []),
  ], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdin.end(lines.map((line, index) => (keyed ? `${options.keys![index]}|${line}` : line)).join('\n') + '\n');
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ConsoleProducer exited ${code}: ${stderr}`)))));
}
