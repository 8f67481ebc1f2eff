import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ensureKafkaJars } from '../lib/services/kafka';
import { BenchContext } from './figure';

/** The shape of a readings backlog: every sensor reports once a second of event time, some readings arrive late. */
export interface ReadingsShape {
  sensors: number;
  /** Share of readings whose event time is set back (out of order, still within the watermark delay). */
  outOfOrderRatio: number;
  /** How far back such a reading is set, at most (seconds); below the consumer's 30 s watermark delay, so none is late. */
  outOfOrderSeconds: number;
  /** Share of readings 40 °C above their sensor's usual band: a rare spike, so alert runs raise and clear something. */
  spikeRatio: number;
}

export const benchReadings: ReadingsShape = { sensors: 1_000, outOfOrderRatio: 0.1, outOfOrderSeconds: 20, spikeRatio: 0.0002 };

export const firstEventMs = Date.UTC(2026, 10, 26, 0, 0, 0);
const linesPerWrite = 10_000;

/**
 * Appends readings `from` .. `from + count - 1` of one endless, deterministic
 * sensor stream to `topic`, keyed by sensor_id as `iot produce` keys them (one
 * sensor's readings in one partition, in order), through Kafka's own console
 * producer: event time advances a second every `sensors` readings, so windows
 * close and the watermark moves as in a live stream, unlike a random payload file.
 */
export async function appendReadings(context: BenchContext, topic: string, from: number, count: number, shape = benchReadings): Promise<void> {
  const libs = await ensureKafkaJars(context.cacheDir, context.logger);
  context.logger.info('bench.readings.fill', { topic, from, count, ...shape });
  const child = spawn('java', [
    '-Xmx512m', '-cp', `${libs}/*`, 'org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', context.brokers.join(','), '--topic', topic,
    '--property', 'parse.key=true', '--property', 'key.separator=\t',
    '--producer-property', 'acks=1', '--producer-property', 'linger.ms=20', '--producer-property', 'batch.size=262144',
  ], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4_000); });
  const exited = once(child, 'exit');
  for (let start = from; start < from + count; start += linesPerWrite) {
    const end = Math.min(start + linesPerWrite, from + count);
    const lines: string[] = [];
    for (let index = start; index < end; index++) lines.push(keyedReading(index, shape));
    if (!child.stdin.write(lines.join(''))) await Promise.race([once(child.stdin, 'drain'), exited]);
    if (child.exitCode !== null) break;
  }
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`Kafka's console producer exited with code ${code} while writing ${count} readings to ${topic}: ${stderr.trim()}`);
}

/** "sensor_id<TAB>json\n" for reading `index` of the stream. */
export function keyedReading(index: number, shape: ReadingsShape): string {
  const sensor = (index % shape.sensors) + 1;
  const second = Math.floor(index / shape.sensors);
  // A multiplicative hash spreads the out-of-order readings over sensors and time without a random generator.
  const spread = ((index * 2654435761) >>> 0) / 2 ** 32;
  const back = spread < shape.outOfOrderRatio ? 1 + Math.floor((spread / shape.outOfOrderRatio) * shape.outOfOrderSeconds) : 0;
  const timestamp = new Date(firstEventMs + (second - back) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const spike = ((index * 2246822519) >>> 0) / 2 ** 32 < shape.spikeRatio ? 40 : 0;
  const temperature = (18 + spike + ((index * 7919) % 120) / 10).toFixed(1);
  const humidity = (35 + ((index * 104729) % 300) / 10).toFixed(1);
  return `${sensor}\t{"sensor_id":${sensor},"temperature":${temperature},"humidity":${humidity},"timestamp":"${timestamp}"}\n`;
}
