/**
 * Consumer benchmarks, every consumer figure from `iot consume` started as a
 * user starts it (its own process: wall time from spawn, peak RSS of its
 * process tree), never from runStream inside this process. On one backlog of
 * event-time-ordered readings (1,000 sensors, 10 % out of order): windows off
 * and on (1m tumbling, 30 s watermark), alerts and windows on (also with a
 * webhook receiver that is down for half the run), and the seed's
 * own consumer, PySpark Structured Streaming, windows off and on, as the
 * baseline; then the backlog grown to 5,000,000 readings for peak RSS. Also
 * the raw-fetch baseline, records/s per compression codec, and end-to-end
 * latency (send → row's part file on disk) at 5,000 messages/s.
 *
 * BENCH_CONSUMER_RECORDS and BENCH_CONSUMER_MEMORY_RECORDS shrink the backlogs
 * to check the harness end to end in a minute (e.g. 100000 and 200000).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionAlgorithmValue, ProduceAcks } from '@platformatic/kafka';
import { $ } from 'zx';
import { silentLogger } from '../lib/log';
import { ensureKafkaJars } from '../lib/services/kafka';
import { createProducer } from '../lib/kafka';
import { KafkaSource } from '../lib/stream/source';
import { createTopic, partFiles } from '../test/support/stream/fixtures';
import { committedRecords, ConsumeRun, runConsume } from './consumeRun';
import { appendReadings } from './eventTimeReadings';
import { BenchContext, BenchFigure } from './figure';
import { runPySpark } from './pyspark';
import { runWithFlakyWebhook } from './webhookRun';
import { sleep } from '../lib/process';

const root = join(__dirname, '..', '..');
const throughputRecords = Number(process.env.BENCH_CONSUMER_RECORDS ?? 1_000_000);
const memoryRecords = Number(process.env.BENCH_CONSUMER_MEMORY_RECORDS ?? 5_000_000);
const codecRecords = Math.ceil(throughputRecords / 2);
const codecs: CompressionAlgorithmValue[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const latencyRate = 5_000;
const latencySeconds = 20;
const latencyTriggerSeconds = 1;

/** The stream features' flags; a feature `iot consume --help` does not list yet is left out and its figures are reported missing. */
const windowsOn = ['--window', '1m', '--watermark', '30s'];
const windowsOff = ['--window', 'off'];
const alertsOn = ['--alerts', 'on'];
const alertsOff = ['--alerts', 'off'];

export async function benchmark(context: BenchContext): Promise<BenchFigure[]> {
  const features = consumeFeatures();
  const off = [...(features.windows ? windowsOff : []), ...(features.alerts ? alertsOff : [])];
  const topic = `bench-consumer-${Date.now()}`;
  await createTopic(context.brokers, topic, 3);
  await appendReadings(context, topic, 0, throughputRecords);
  const raw = await rawFetchRate(context, topic);
  const plain = await runConsume(context, topic, throughputRecords, 'windows-off', off);
  const windows = features.windows ? await runConsume(context, topic, throughputRecords, 'windows-on', [...windowsOn, ...(features.alerts ? alertsOff : [])]) : undefined;
  const alerts = features.windows && features.alerts ? await runConsume(context, topic, throughputRecords, 'alerts-windows-on', [...windowsOn, ...alertsOn]) : undefined;
  // The receiver is down for the first half of what the same run took without a webhook.
  const webhook = alerts ? await runWithFlakyWebhook(context, topic, throughputRecords, [...windowsOn, ...alertsOn], alerts.seconds / 2) : undefined;
  const spark = await runPySpark(context, topic, throughputRecords, 'off', 'pyspark-windows-off');
  const sparkWindows = await runPySpark(context, topic, throughputRecords, 'on', 'pyspark-windows-on');
  await appendReadings(context, topic, throughputRecords, memoryRecords - throughputRecords);
  const defaults = [...(features.windows ? windowsOn : []), ...(features.alerts ? alertsOn : [])];
  const memory = await runConsume(context, topic, memoryRecords, 'memory-5m', defaults);
  const idleRss = idleNodeRssMb();
  const perCodec = await codecRates(context, off);
  const latency = await endToEndP95(context);
  return [
    { name: 'consumer.records_per_s', value: plain.recordsPerS, unit: 'records/s' },
    { name: 'consumer.peak_rss_mb_1m_windows_off', value: plain.peakRssMb, unit: 'MB' },
    { name: 'consumer.cpu_us_per_record', value: plain.cpuUsPerRecord, unit: 'µs' },
    { name: 'consumer.raw_fetch_records_per_s', value: raw, unit: 'records/s' },
    { name: 'consumer.records_per_s_vs_raw_fetch', value: plain.recordsPerS / raw, unit: 'ratio' },
    ...runFigures('consumer.windows', windows),
    ...runFigures('consumer.alerts_windows', alerts),
    ...runFigures('consumer.alerts_webhook', webhook),
    ...(webhook ? [{ name: 'consumer.alerts_webhook.events_received', value: webhook.received, unit: 'events' }] : []),
    // Default options: windows and alerts on, as far as this build has them.
    { name: 'consumer.peak_rss_mb_1m', value: (alerts ?? windows ?? plain).peakRssMb, unit: 'MB' },
    { name: 'pyspark.records_per_s', value: spark.records / spark.seconds, unit: 'records/s' },
    { name: 'pyspark.peak_rss_mb', value: spark.peakRssMb, unit: 'MB' },
    { name: 'pyspark.batch_records_per_s', value: spark.records / spark.batchSeconds, unit: 'records/s' },
    { name: 'pyspark.cpu_us_per_record', value: (spark.cpuSeconds * 1e6) / spark.records, unit: 'µs' },
    { name: 'pyspark.windows.records_per_s', value: sparkWindows.records / sparkWindows.seconds, unit: 'records/s' },
    { name: 'pyspark.windows.peak_rss_mb', value: sparkWindows.peakRssMb, unit: 'MB' },
    { name: 'pyspark.windows.batch_records_per_s', value: sparkWindows.records / sparkWindows.batchSeconds, unit: 'records/s' },
    { name: 'pyspark.windows.cpu_us_per_record', value: (sparkWindows.cpuSeconds * 1e6) / sparkWindows.records, unit: 'µs' },
    ...perCodec.flatMap(({ codec, rate: codecRate }) => [
      { name: `consumer.${codec}.records_per_s`, value: codecRate, unit: 'records/s' },
      { name: `consumer.${codec}.records_per_s_vs_none`, value: codecRate / perCodec[0].rate, unit: 'ratio' },
    ]),
    { name: 'consumer.peak_rss_mb', value: memory.peakRssMb, unit: 'MB' },
    { name: 'consumer.records_per_s_5m', value: memory.recordsPerS, unit: 'records/s' },
    { name: 'consumer.peak_rss_vs_idle_node', value: memory.peakRssMb / idleRss, unit: 'ratio' },
    { name: 'consumer.e2e_p95_ms', value: latency, unit: 'ms' },
    { name: 'consumer.e2e_p95_vs_trigger_plus_1s', value: latency / (latencyTriggerSeconds * 1000 + 1000), unit: 'ratio' },
  ];
}

/** records/s and peak RSS of one `iot consume` run over the 1,000,000-reading backlog; none when its feature is not there yet. */
function runFigures(prefix: string, run: ConsumeRun | undefined): BenchFigure[] {
  if (!run) return [];
  return [
    { name: `${prefix}.records_per_s`, value: run.recordsPerS, unit: 'records/s' },
    { name: `${prefix}.peak_rss_mb_1m`, value: run.peakRssMb, unit: 'MB' },
    { name: `${prefix}.cpu_us_per_record`, value: run.cpuUsPerRecord, unit: 'µs' },
  ];
}

/** Which stream features this build of `iot consume` has, from its own --help. */
function consumeFeatures(): { windows: boolean; alerts: boolean } {
  const help = execFileSync(process.execPath, ['scripts/iot.js', 'consume', '--help'], { cwd: root, encoding: 'utf8' });
  const features = { windows: /--window\b/.test(help), alerts: /--alerts\b/.test(help) };
  for (const [feature, present] of Object.entries(features)) {
    if (!present) process.stderr.write(`bench: iot consume has no --${feature === 'windows' ? 'window' : 'alerts'} flag in this build: its ${feature} figures are not produced\n`);
  }
  return features;
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
async function codecRates(context: BenchContext, flags: string[]): Promise<{ codec: CompressionAlgorithmValue; rate: number }[]> {
  const rates: { codec: CompressionAlgorithmValue; rate: number }[] = [];
  for (const codec of codecs) {
    const topic = `bench-codec-${codec}-${Date.now()}`;
    await createTopic(context.brokers, topic, 3);
    await fillTopic(context, topic, codecRecords, codec);
    rates.push({ codec, rate: (await runConsume(context, topic, codecRecords, `codec-${codec}`, flags)).recordsPerS });
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

/** Baseline: a node process that has loaded the CLI and done nothing. */
function idleNodeRssMb(): number {
  const script = `require(${JSON.stringify(join(root, 'dist', 'lib', 'cli', 'commands'))}); console.log(process.resourceUsage().maxRSS)`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()) / 1024;
}
