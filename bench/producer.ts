/**
 * Producer throughput: `iot produce --rate max` (idempotent, acks=all) against
 * Kafka's own org.apache.kafka.tools.ProducerPerformance from the same jars,
 * same broker, record size and count, acks=all; reported with their ratio.
 * Targets: bench/targets.json.
 */
import { $ } from 'zx';
import { createKafkaClient, ensureTopic } from '../lib/kafka';
import { createMessageSource, runProducer } from '../lib/producer';
import { kafkaLibsDir } from '../lib/services/kafka';
import { uniqueTopic } from '../lib/testing';
import { Benchmark, BenchFigure } from './figure';

const count = Number(process.env.BENCH_PRODUCER_COUNT ?? 500_000);
const partitions = 3;
const sensors = 10;

export const benchmark: Benchmark = async ({ brokers, cacheDir, logger }) => {
  // A fresh broker's JIT is cold: warm it first, or whichever runs first is measured against a slower broker.
  await produceMax(brokers, Math.min(count, 100_000), logger.child('warm-up'));
  const ours = await produceMax(brokers, count, logger.child('ours'));
  const recordSize = averageValueBytes();
  const theirs = await kafkaPerfTest(brokers, cacheDir, recordSize, logger);
  logger.info('bench.producer', { count, recordSize, ours: ours.messagesPerSecond, kafkaPerfTest: theirs });
  const figures: BenchFigure[] = [
    { name: 'producer.msgs_per_s', value: ours.messagesPerSecond, unit: 'msgs/s' },
    { name: 'kafka_perf_test.msgs_per_s', value: theirs, unit: 'msgs/s' },
    { name: 'producer.vs_kafka_perf_test', value: ours.messagesPerSecond / theirs, unit: 'ratio' },
    { name: 'producer.record_bytes', value: recordSize, unit: 'bytes' },
  ];
  return figures;
};

function produceMax(brokers: string[], messages: number, logger: Parameters<Benchmark>[0]['logger']) {
  return runProducer({ brokers, topic: uniqueTopic('bench-produce'), sensors, rate: 'max', count: messages, seed: 1, invalidRatio: 0, partitions, logger });
}

/** The mean JSON size of the readings the producer sends, so Kafka's tool sends records as large. */
function averageValueBytes(): number {
  const source = createMessageSource({ topic: 'size', sensors, partitions, seed: 1, invalidRatio: 0, startSecondOfDay: 0 });
  let bytes = 0;
  for (let index = 0; index < 1_000; index++) bytes += Buffer.byteLength(source.next().value);
  return Math.round(bytes / 1_000);
}

async function kafkaPerfTest(brokers: string[], cacheDir: string, recordSize: number, logger: Parameters<Benchmark>[0]['logger']): Promise<number> {
  const topic = uniqueTopic('bench-perf-test');
  await ensureTopic(createKafkaClient({ brokers, clientId: 'bench', logger }), topic, partitions);
  const output = await $({ quiet: true })`java -Xmx512m -cp ${kafkaLibsDir(cacheDir) + '/*'} org.apache.kafka.tools.ProducerPerformance --topic ${topic} --num-records ${count} --record-size ${recordSize} --throughput -1 --producer-props bootstrap.servers=${brokers.join(',')} acks=all enable.idempotence=true`;
  // The last summary line: "500000 records sent, 312500.0 records/sec (29.80 MB/sec), ..."
  const match = /records sent, ([\d.]+) records\/sec/.exec(output.stdout.split('\n').filter((line) => line.includes('records sent')).pop() ?? '');
  if (!match) throw new Error(`ProducerPerformance printed no summary:\n${output.stdout}\n${output.stderr}`);
  return Number(match[1]);
}
