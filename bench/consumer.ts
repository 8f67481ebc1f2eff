/**
 * Consumer benchmarks: throughput on a pre-filled topic
 * against a raw-fetch baseline, throughput per compression codec (topics
 * the Java producer wrote with each), peak RSS of `iot consume` over a
 * 1,000,000 and a 5,000,000-reading backlog, and end-to-end latency
 * (send → row's part file on disk) at 5,000 messages/s.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionAlgorithmValue, ProduceAcks } from '@platformatic/kafka';
import { $ } from 'zx';
import { loadConfig } from '../lib/config';
import { silentLogger } from '../lib/log';
import { ensureKafkaJars } from '../lib/services/kafka';
import { runStream } from '../lib/stream';
import { createProducer } from '../lib/kafka';
import { KafkaSource } from '../lib/stream/source';
import { createTopic, partFiles } from '../test/support/stream/fixtures';
import { BenchContext, BenchFigure } from './figure';
import { sleep } from '../lib/process';

const root = join(__dirname, '..', '..');
const throughputRecords = 1_000_000;
const memoryRecords = 5_000_000;
const codecRecords = 500_000;
const codecs: CompressionAlgorithmValue[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const latencyRate = 5_000;
const latencySeconds = 20;
const latencyTriggerSeconds = 1;

export async function benchmark(context: BenchContext): Promise<BenchFigure[]> {
  const topic = `bench-consumer-${Date.now()}`;
  await createTopic(context.brokers, topic, 3);
  await fillTopic(context, topic, throughputRecords);
  const raw = await rawFetchRate(context, topic);
  const rate = await consumerRate(context, topic);
  const rss1m = await peakRssOfConsume(context, topic, throughputRecords, 'memory-1m');
  await fillTopic(context, topic, memoryRecords - throughputRecords);
  const rss5m = await peakRssOfConsume(context, topic, memoryRecords, 'memory-5m');
  const idleRss = idleNodeRssMb();
  const perCodec = await codecRates(context);
  const latency = await endToEndP95(context);
  return [
    { name: 'consumer.records_per_s', value: rate, unit: 'records/s' },
    { name: 'consumer.raw_fetch_records_per_s', value: raw, unit: 'records/s' },
    { name: 'consumer.records_per_s_vs_raw_fetch', value: rate / raw, unit: 'ratio' },
    ...perCodec.flatMap(({ codec, rate: codecRate }) => [
      { name: `consumer.${codec}.records_per_s`, value: codecRate, unit: 'records/s' },
      { name: `consumer.${codec}.records_per_s_vs_none`, value: codecRate / perCodec[0].rate, unit: 'ratio' },
    ]),
    { name: 'consumer.peak_rss_mb_1m', value: rss1m, unit: 'MB' },
    { name: 'consumer.peak_rss_mb', value: rss5m, unit: 'MB' },
    { name: 'consumer.peak_rss_vs_idle_node', value: rss5m / idleRss, unit: 'ratio' },
    { name: 'consumer.e2e_p95_ms', value: latency, unit: 'ms' },
    { name: 'consumer.e2e_p95_vs_trigger_plus_1s', value: latency / (latencyTriggerSeconds * 1000 + 1000), unit: 'ratio' },
  ];
}

/** Kafka's own ProducerPerformance (from the cached broker jars) fills millions of readings far faster than a JS producer. */
export async function fillTopic(context: BenchContext, topic: string, count: number, codec: CompressionAlgorithmValue = 'none'): Promise<void> {
  const libs = await ensureKafkaJars(context.cacheDir, context.logger);
  const payloads = join(context.scratchDir, 'payloads.txt');
  const lines = Array.from({ length: 10_000 }, (_, index) =>
    JSON.stringify({ sensor_id: (index % 500) + 1, temperature: ((index * 7919) % 1250) / 10 - 40, humidity: ((index * 104729) % 10000) / 100, timestamp: `2026-11-26 10:${String(index % 60).padStart(2, '0')}:00` }),
  );
  writeFileSync(payloads, lines.join('\n'));
  context.logger.info('bench.consumer.fill', { topic, count, codec });
  await $({ quiet: true })`java -Xmx512m -cp ${libs + '/*'} org.apache.kafka.tools.ProducerPerformance --topic ${topic} --num-records ${count} --throughput -1 --payload-file ${payloads} --producer-props bootstrap.servers=${context.brokers.join(',')} acks=1 linger.ms=20 batch.size=262144 compression.type=${codec}`;
}

/** records/s of the consumer on a topic the Java producer compressed with each codec, same records, same run. */
async function codecRates(context: BenchContext): Promise<{ codec: CompressionAlgorithmValue; rate: number }[]> {
  const rates: { codec: CompressionAlgorithmValue; rate: number }[] = [];
  for (const codec of codecs) {
    const topic = `bench-codec-${codec}-${Date.now()}`;
    await createTopic(context.brokers, topic, 3);
    await fillTopic(context, topic, codecRecords, codec);
    rates.push({ codec, rate: await consumerRate(context, topic, `codec-${codec}`) });
  }
  return rates;
}

/** Baseline: the same records fetched and walked, without parsing or writing. */
async function rawFetchRate(context: BenchContext, topic: string): Promise<number> {
  const source = (await KafkaSource.open({
    connection: { brokers: context.brokers, clientId: 'bench-raw' }, topic, group: `${topic}-raw`, logger: silentLogger, shouldStop: () => false,
  }))!;
  try {
    const [start, end] = [await source.earliestOffsets(), await source.latestOffsets()];
    let records = 0;
    const started = process.hrtime.bigint();
    await source.read(start, end, () => { records++; });
    return records / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await source.close();
  }
}

async function consumerRate(context: BenchContext, topic: string, folder = 'throughput'): Promise<number> {
  const config = loadConfig({ env: { DATA_DIR: join(context.scratchDir, folder) }, envFile: '/nonexistent' });
  const drain = new AbortController();
  drain.abort();
  const summary = await runStream({
    config, brokers: context.brokers, topic, group: `${topic}-throughput`, durationSeconds: 0, triggerSeconds: 1,
    startingOffsets: 'earliest', format: 'csv', logger: silentLogger, drain: drain.signal,
  });
  return (summary.rowsWritten + summary.rowsQuarantined) / summary.processingSeconds;
}

function startConsume(dataDir: string, brokers: string[], args: string[]): ChildProcess {
  return spawn(process.execPath, ['scripts/iot.js', 'consume', '--duration', '0', ...args], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** `iot consume` with default options as its own process over a `records` backlog, in one unbounded batch; VmHWM is its peak RSS. */
async function peakRssOfConsume(context: BenchContext, topic: string, records: number, folder: string): Promise<number> {
  const dataDir = join(context.scratchDir, folder);
  const child = startConsume(dataDir, context.brokers, ['--topic', topic, '--group', `${topic}-${folder}`, '--trigger', '1']);
  let peakKb = 0;
  try {
    const deadline = Date.now() + 10 * 60_000;
    while (Date.now() < deadline && committedRecords(join(dataDir, 'checkpoint')) < records) {
      peakKb = Math.max(peakKb, vmHwmKb(child.pid!));
      await sleep(500);
    }
    peakKb = Math.max(peakKb, vmHwmKb(child.pid!));
    const consumed = committedRecords(join(dataDir, 'checkpoint'));
    if (consumed < records) throw new Error(`iot consume committed only ${consumed} of ${records} records within 10 minutes`);
  } finally {
    await stopChild(child);
  }
  return peakKb / 1024;
}

async function endToEndP95(context: BenchContext): Promise<number> {
  const topic = `bench-latency-${Date.now()}`;
  await createTopic(context.brokers, topic, 3);
  const dataDir = join(context.scratchDir, 'latency');
  const child = startConsume(dataDir, context.brokers, ['--topic', topic, '--group', `${topic}-latency`, '--trigger', String(latencyTriggerSeconds)]);
  try {
    await sleep(2_000);
    const sentAt = await sendAtRate(context.brokers, topic, latencyRate, latencySeconds);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && committedRecords(join(dataDir, 'checkpoint')) < sentAt.length) await sleep(200);
    const latencies = rowLatencies(join(dataDir, 'output'), sentAt);
    latencies.sort((a, b) => a - b);
    return latencies[Math.floor(latencies.length * 0.95)];
  } finally {
    await stopChild(child);
  }
}

/** Sends readings whose sensor_id is their sequence number, `rate` per second in 20 ms slices; returns each one's send time. */
async function sendAtRate(brokers: string[], topic: string, rate: number, seconds: number): Promise<number[]> {
  const producer = createProducer({ brokers, clientId: 'bench-latency' });
  const sentAt: number[] = [];
  const sliceMs = 20;
  const perSlice = (rate * sliceMs) / 1000;
  const started = Date.now();
  try {
    for (let slice = 0; slice < (seconds * 1000) / sliceMs; slice++) {
      const due = started + slice * sliceMs;
      if (due > Date.now()) await sleep(due - Date.now());
      const messages = Array.from({ length: perSlice }, () => {
        const id = sentAt.length;
        sentAt.push(Date.now());
        return { topic, value: Buffer.from(JSON.stringify({ sensor_id: id, temperature: 21.5, humidity: 40, timestamp: '2026-11-26 10:00:00' })) };
      });
      await producer.send({ messages, acks: ProduceAcks.LEADER });
    }
  } finally {
    await producer.close();
  }
  return sentAt;
}

function rowLatencies(outputDir: string, sentAt: number[]): number[] {
  const latencies: number[] = [];
  for (const name of partFiles(outputDir)) {
    const path = join(outputDir, name);
    const writtenAt = statSync(path).mtimeMs;
    const lines = readFileSync(path, 'utf8').split('\n');
    for (let index = 1; index < lines.length; index++) {
      if (lines[index] === '') continue;
      const id = Number(lines[index].slice(0, lines[index].indexOf(',')));
      latencies.push(writtenAt - sentAt[id]);
    }
  }
  return latencies;
}

function committedRecords(checkpointDir: string): number {
  try {
    return readFileSync(join(checkpointDir, 'progress.jsonl'), 'utf8').split('\n').filter(Boolean)
      .reduce((sum, line) => sum + (JSON.parse(line).numInputRows as number), 0);
  } catch {
    return 0;
  }
}

function vmHwmKb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Baseline: a node process that has loaded the CLI and done nothing. */
function idleNodeRssMb(): number {
  const script = `require(${JSON.stringify(join(root, 'dist', 'lib', 'cli', 'commands'))}); console.log(process.resourceUsage().maxRSS)`;
  return Number(require('node:child_process').execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()) / 1024;
}
