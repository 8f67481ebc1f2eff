/**
 * Producer throughput: our producer at `--rate max` (platformatic's
 * idempotent producer, acks=all) against Kafka's own
 * org.apache.kafka.tools.ProducerPerformance with its default settings plus
 * acks=all and idempotence, from the same jars, same broker, record size and
 * count; reported with their ratio. Targets (bench/targets.json): ≥ 150,000
 * msgs/s and ≥ 0.5 × the Java tool.
 *
 * BENCH_PRODUCER_BATCH and BENCH_PRODUCER_IN_FLIGHT override the messages per
 * send and the sends in flight, to tune the producer's defaults.
 */
import { $ } from 'zx';
import { ensureTopic } from '../lib/kafka';
import { createMessageSource, runProducer } from '../lib/producer';
import { kafkaLibsDir } from '../lib/services/kafka';
import { uniqueTopic } from '../test/support';
import { Benchmark, BenchFigure } from './figure';

const count = Number(process.env.BENCH_PRODUCER_COUNT ?? 1_000_000);
const batchSize = optionalNumber(process.env.BENCH_PRODUCER_BATCH);
const sendsInFlight = optionalNumber(process.env.BENCH_PRODUCER_IN_FLIGHT);
const partitions = 3;
const sensors = 10;

export const benchmark: Benchmark = async ({ brokers, cacheDir, logger }) => {
  // A fresh broker's JIT is cold: warm it first, or whichever runs first is measured against a slower broker.
  await produceMax(brokers, Math.min(count, 100_000), logger.child('warm-up'));
  const cpuBefore = process.cpuUsage();
  const ours = await produceMax(brokers, count, logger.child('ours'));
  const cpu = process.cpuUsage(cpuBefore);
  const recordSize = averageValueBytes();
  const theirs = await kafkaPerfTest(brokers, cacheDir, recordSize, logger);
  logger.info('bench.producer', { count, recordSize, batchSize, sendsInFlight, ours: ours.messagesPerSecond, kafkaPerfTest: theirs });
  const figures: BenchFigure[] = [
    { name: 'producer.msgs_per_s', value: ours.messagesPerSecond, unit: 'msgs/s' },
    { name: 'kafka_perf_test.msgs_per_s', value: theirs, unit: 'msgs/s' },
    { name: 'producer.vs_kafka_perf_test', value: ours.messagesPerSecond / theirs, unit: 'ratio' },
    { name: 'producer.record_bytes', value: recordSize, unit: 'bytes' },
    // CPU our process spent per message: steadier than msgs/s where other work shares the cores.
    { name: 'producer.cpu_us_per_msg', value: (cpu.user + cpu.system) / count, unit: 'µs' },
  ];
  return figures;
};

function produceMax(brokers: string[], messages: number, logger: Parameters<Benchmark>[0]['logger']) {
  return runProducer({ brokers, topic: uniqueTopic('bench-produce'), sensors, rate: 'max', count: messages, seed: 1, invalidRatio: 0, partitions, batchSize, sendsInFlight, logger });
}

function optionalNumber(raw: string | undefined): number | undefined {
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

/** The mean JSON size of the readings the producer sends, so Kafka's tool sends records as large. */
function averageValueBytes(): number {
  const source = createMessageSource({ sensors, partitions, seed: 1, invalidRatio: 0, startSecondOfDay: 0 });
  let bytes = 0;
  for (let index = 0; index < 1_000; index++) bytes += Buffer.byteLength(source.next().value);
  return Math.round(bytes / 1_000);
}

async function kafkaPerfTest(brokers: string[], cacheDir: string, recordSize: number, logger: Parameters<Benchmark>[0]['logger']): Promise<number> {
  const topic = uniqueTopic('bench-perf-test');
  await ensureTopic({ brokers, clientId: 'bench', logger }, topic, partitions);
  const output = await $({ quiet: true })`java -Xmx512m -cp ${kafkaLibsDir(cacheDir) + '/*'} org.apache.kafka.tools.ProducerPerformance --topic ${topic} --num-records ${count} --record-size ${recordSize} --throughput -1 --producer-props bootstrap.servers=${brokers.join(',')} acks=all enable.idempotence=true`;
  // The last summary line: "500000 records sent, 312500.0 records/sec (29.80 MB/sec), ..."
  const match = /records sent, ([\d.]+) records\/sec/.exec(output.stdout.split('\n').filter((line) => line.includes('records sent')).pop() ?? '');
  if (!match) throw new Error(`ProducerPerformance printed no summary:\n${output.stdout}\n${output.stderr}`);
  return Number(match[1]);
}
