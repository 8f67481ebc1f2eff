import { UsageError } from '../errors';
import { ensureTopic, KafkaConnection, waitForKafka } from '../kafka';
import { Logger } from '../log';
import { Compression, compressions, createDelivery } from './delivery';
import { EventTiming } from './eventTiming';
import { AlertCaseOptions } from './alertCases';
import { createMessageSource, OutgoingMessage } from './messageSource';
import { pace } from './pacing';
import { ProducerProgress } from './progressLine';
import { randomSeed } from './seededRandom';
import { createSender, Sender } from './sender';
import { ProducerSummary, summarize } from './summary';
import { createTally, Tally } from './tally';

export type { MessageKind } from './messageSource';
export { messageKinds, createMessageSource } from './messageSource';
export type { EventTiming } from './eventTiming';
export type { ProducerSummary } from './summary';
export { formatSummary } from './summary';
export type { Compression } from './delivery';
export { compressions } from './delivery';
export { partitionForKey } from './keyPartition';
export type { AlertCaseOptions } from './alertCases';
export type { ProducerProgress } from './progressLine';
export { aboveProgressLine, createProgressLine, formatProgress } from './progressLine';

/** Messages per send: big batches cost the broker less per message; see bench/producer.ts for the measured choice. */
const defaultBatchSize = 2_000;
/** Sends in flight at once (at most one per partition); see bench/producer.ts. */
const defaultSendsInFlight = 3;

export interface ProducerOptions extends KafkaConnection {
  topic: string;
  sensors: number;
  /** Messages per second in total, or 'max' for a load test. */
  rate: number | 'max';
  durationSeconds?: number;
  count?: number;
  /** Same seed, same readings; unset draws one (reported in the summary). */
  seed?: number;
  invalidRatio: number;
  /** Out-of-order and late event times (--out-of-order, --late-ratio, --late-by); default: the send time. */
  timing?: EventTiming;
  /** Share of valid readings sent twice in a row (--duplicate-ratio); default 0. */
  duplicateRatio?: number;
  /** Stuck, silent and spiking sensors, for the stream's alert rules. */
  alertCases?: AlertCaseOptions;
  /** Readings stamped one second of event time per round of sensors from the start, however fast they are sent. */
  simulatedTime?: boolean;
  /** Used when the topic is created; an existing topic keeps its own. */
  partitions: number;
  logger: Logger;
  /** Abort: stop sending, flush what is in flight, disconnect, resolve with the summary. */
  signal?: AbortSignal;
  onProgress?: (progress: ProducerProgress) => void;
  /** How long to wait for the broker at start before a ServiceError (default 15 s). */
  connectTimeoutMs?: number;
  /** Codec of the record batches (default none). */
  compression?: Compression;
  /** Messages per send (default 2,000). */
  batchSize?: number;
  /** Sends in flight at once, at most one per partition (default 3). */
  sendsInFlight?: number;
}

/**
 * Simulated sensors streaming JSON readings into Kafka: waits for the broker
 * (clear error if it never answers), creates the topic if missing, then sends
 * at `rate` until `count`, `duration` or `signal`, and reports what the broker
 * acknowledged, by kind.
 */
export async function runProducer(options: ProducerOptions): Promise<ProducerSummary> {
  const { logger } = options;
  checkOptions(options);
  const seed = options.seed ?? randomSeed();
  const client = { brokers: options.brokers, security: options.security, clientId: 'iot-producer', logger, connectTimeoutMs: options.connectTimeoutMs ?? 15_000 };
  await waitForKafka(client, options.connectTimeoutMs ?? 15_000);
  const partitions = await ensureTopic(client, options.topic, options.partitions);
  const batchSize = options.batchSize ?? defaultBatchSize;
  const tally = createTally();
  const source = createMessageSource({
    sensors: options.sensors, partitions, seed, invalidRatio: options.invalidRatio, timing: options.timing, duplicateRatio: options.duplicateRatio,
    alertCases: options.alertCases, simulatedTime: options.simulatedTime,
    startSecondOfDay: options.seed === undefined ? secondOfDay(new Date()) : seed % 86_400,
  });
  const sendsInFlight = Math.max(1, Math.min(partitions, options.sendsInFlight ?? defaultSendsInFlight));
  const compression = options.compression ?? 'none';
  const delivery = createDelivery({ client, topic: options.topic, compression });
  const sender = createSender({ delivery, sendsInFlight, batchSize, lingerMs: 20, tally });
  try {
    await delivery.open();
    logger.info('producer.start', { topic: options.topic, partitions, sensors: options.sensors, rate: options.rate, count: options.count, durationSeconds: options.durationSeconds, seed, compression, batchSize, sendsInFlight });
    const started = performance.now();
    await sendUntilDone(options, sender, () => source.next(), reportProgress(tally, started, options.onProgress), sendsInFlight * batchSize * 4);
    return finish(tally, sender, { topic: options.topic, partitions, seed, durationSeconds: (performance.now() - started) / 1000 }, logger);
  } finally {
    sender.close();
    await delivery.close();
  }
}

/** Paces messages into the sender until the run ends, then waits for every answer. */
async function sendUntilDone(options: ProducerOptions, sender: Sender, next: () => OutgoingMessage, stopProgress: () => void, maxBacklog: number): Promise<void> {
  try {
    const { rate, count, durationSeconds, signal } = options;
    await pace({ rate, count, durationSeconds, signal, stopped: () => sender.failure() !== undefined, chunk: options.batchSize ?? defaultBatchSize }, async (n) => {
      for (let index = 0; index < n; index++) sender.add(next());
      // Bounded memory: a few batches per lane waiting at most.
      await sender.whenBelow(maxBacklog);
    });
    await sender.flush();
  } finally {
    stopProgress();
  }
}

function finish(tally: Tally, sender: Sender, context: Parameters<typeof summarize>[1], logger: Logger): ProducerSummary {
  const summary = summarize(tally, context);
  const failure = sender.failure();
  if (failure) logger.error('producer.delivery.failed', { notAcknowledged: summary.failed, error: failure });
  logger.info('producer.done', { ...summary });
  return summary;
}

/** Calls `onProgress` once a second with the send rate over that second. */
function reportProgress(tally: Tally, started: number, onProgress?: (progress: ProducerProgress) => void): () => void {
  if (!onProgress) return () => undefined;
  let lastSent = 0;
  let lastTime = started;
  const timer = setInterval(() => {
    const now = performance.now();
    onProgress({
      sent: tally.sent, acknowledged: tally.acknowledged, failed: tally.failed,
      elapsedSeconds: (now - started) / 1000,
      messagesPerSecond: ((tally.sent - lastSent) * 1000) / (now - lastTime),
    });
    lastSent = tally.sent;
    lastTime = now;
  }, 1_000);
  return () => clearInterval(timer);
}

/** For library callers (the CLI's flags already enforce these): a wrong option is a UsageError naming it. */
function checkOptions(options: ProducerOptions): void {
  const wrong = (name: string, value: unknown, expected: string) => new UsageError(`Producer option ${name}=${String(value)} is not valid: expected ${expected}.`);
  if (!Number.isSafeInteger(options.sensors) || options.sensors < 1) throw wrong('sensors', options.sensors, 'an integer ≥ 1');
  if (options.rate !== 'max' && !(options.rate > 0)) throw wrong('rate', options.rate, "a positive number or 'max'");
  if (!(options.invalidRatio >= 0 && options.invalidRatio <= 1)) throw wrong('invalidRatio', options.invalidRatio, 'a number from 0 to 1');
  if (options.duplicateRatio !== undefined && !(options.duplicateRatio >= 0 && options.duplicateRatio <= 1)) throw wrong('duplicateRatio', options.duplicateRatio, 'a number from 0 to 1');
  if (options.timing && !(options.timing.lateRatio >= 0 && options.timing.lateRatio <= 1)) throw wrong('lateRatio', options.timing.lateRatio, 'a number from 0 to 1');
  if (!Number.isSafeInteger(options.partitions) || options.partitions < 1) throw wrong('partitions', options.partitions, 'an integer ≥ 1');
  const cases = options.alertCases ?? {};
  for (const name of ['stuckSensor', 'silentSensor'] as const) {
    const sensor = cases[name];
    if (sensor !== undefined && !(Number.isSafeInteger(sensor) && sensor >= 1 && sensor <= options.sensors)) throw wrong(name, sensor, `a sensor id from 1 to ${options.sensors} (--sensors)`);
  }
  if (cases.silentSensor !== undefined && options.sensors < 2) throw wrong('silentSensor', cases.silentSensor, 'a sensor among at least 2: the others keep the watermark moving');
  if (!((cases.spikeRatio ?? 0) >= 0 && (cases.spikeRatio ?? 0) <= 1)) throw wrong('spikeRatio', cases.spikeRatio, 'a number from 0 to 1');
  if (options.compression !== undefined && !compressions.includes(options.compression)) throw wrong('compression', options.compression, compressions.join(' | '));
}

function secondOfDay(date: Date): number {
  return date.getHours() * 3_600 + date.getMinutes() * 60 + date.getSeconds();
}
