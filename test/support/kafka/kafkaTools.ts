/**
 * Kafka's own command-line tools, run from the broker's jars as an operator
 * would run kafka-console-producer.sh, kafka-topics.sh and
 * kafka-consumer-groups.sh: specs write their inputs and change topics and
 * groups with these, never through our client.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { silentLogger } from '../../../lib/log';
import { ensureKafkaJars } from '../../../lib/services/kafka';
import { scratchDir, testBrokers, testConfig } from '../scratch';

let libs: Promise<string> | undefined;

/** The folder of Kafka's jars, fetched into the cache once. */
export function kafkaLibs(): Promise<string> {
  libs ??= ensureKafkaJars(testConfig(scratchDir().dir).cacheDir, silentLogger);
  return libs;
}

/** Starts a tool's main class; the caller waits for it or stops it. */
export async function startKafkaTool(mainClass: string, args: string[]): Promise<{ child: ChildProcess; stderr: () => string; exited: Promise<number | null> }> {
  const child = spawn('java', ['-Xmx256m', '-cp', `${await kafkaLibs()}/*`, mainClass, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  child.stdout!.on('data', () => undefined);
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** Runs a tool to its end with `input` on stdin; rejects with its stderr unless it exits 0. */
export async function runKafkaTool(mainClass: string, args: string[], input = ''): Promise<void> {
  const tool = await startKafkaTool(mainClass, args);
  tool.child.stdin!.end(input);
  const code = await tool.exited;
  if (code !== 0) throw new Error(`${mainClass} ${args.join(' ')} exited ${code}: ${tool.stderr()}`);
}

/** kafka-console-producer.sh: one record per line, acks=all; `key|value` lines when keyed (spreading records by key). */
export function consoleProduce(topic: string, lines: string[], options: { codec?: string; keyed?: boolean } = {}): Promise<void> {
  const keys = options.keyed ? ['--property', 'parse.key=true', '--property', 'key.separator=|'] : [];
  return runKafkaTool('org.apache.kafka.tools.ConsoleProducer', [
    '--bootstrap-server', testBrokers().join(','), '--topic', topic,
    // The console producer sets compression.type from --compression-codec (default none), over any --producer-property.
    '--compression-codec', options.codec ?? 'none', '--producer-property', 'acks=all', '--producer-property', 'linger.ms=20', ...keys,
  ], lines.join('\n') + '\n');
}

/** kafka-topics.sh with `args` after the bootstrap server. */
export function kafkaTopics(args: string[]): Promise<void> {
  return runKafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', testBrokers().join(','), ...args]);
}

/** kafka-consumer-groups.sh with `args` after the bootstrap server. */
export function kafkaConsumerGroups(args: string[]): Promise<void> {
  return runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', testBrokers().join(','), ...args]);
}

/** Runs the shell command a hint names (`kafka-consumer-groups.sh --bootstrap-server … --execute`) through the same tool. */
export function runHintedConsumerGroupsCommand(command: string): Promise<void> {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'kafka-consumer-groups.sh') throw new Error(`not a kafka-consumer-groups.sh command: ${command}`);
  return runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', words.slice(1));
}
