import { createKafkaClient, ensureTopic, waitForKafka } from '../kafka';
import { Logger } from '../log';
import { createMessageSource } from './messageSource';
import { pace } from './pacing';
import { ProducerProgress } from './progressLine';
import { randomSeed } from './seededRandom';
import { createSender, Sender } from './sender';
import { ProducerSummary, summarize } from './summary';
import { createTally, Tally } from './tally';

export type { MessageKind } from './messageSource';
export { messageKinds, createMessageSource } from './messageSource';
export type { ProducerSummary } from './summary';
export { formatSummary } from './summary';
export type { ProducerProgress } from './progressLine';
export { createProgressLine, formatProgress } from './progressLine';

export interface ProducerOptions {
  brokers: string[];
  topic: string;
  sensors: number;
  /** Messages per second in total, or 'max' for a load test. */
  rate: number | 'max';
  durationSeconds?: number;
  count?: number;
  /** Same seed, same readings; unset draws one (reported in the summary). */
  seed?: number;
  invalidRatio: number;
  /** Used when the topic is created; an existing topic keeps its own. */
  partitions: number;
  logger: Logger;
  /** Abort: stop sending, flush what is in flight, disconnect, resolve with the summary. */
  signal?: AbortSignal;
  onProgress?: (progress: ProducerProgress) => void;
  /** How long to wait for the broker at start before a ServiceError (default 20 s). */
  connectTimeoutMs?: number;
  /** Messages per produce request (default 1,000). */
  batchSize?: number;
  /** Parallel idempotent producers, each owning some partitions (default: one per partition, at most 4). */
  lanes?: number;
}

/**
 * Simulated sensors streaming JSON readings into Kafka: waits for the broker
 * (clear error if it never answers), creates the topic if missing, then sends
 * at `rate` until `count`, `duration` or `signal`, and reports what the broker
 * acknowledged, by kind.
 */
export async function runProducer(options: ProducerOptions): Promise<ProducerSummary> {
  const { logger } = options;
  const seed = options.seed ?? randomSeed();
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: 'iot-producer', logger, connectTimeoutMs: options.connectTimeoutMs ?? 20_000 });
  await waitForKafka(kafka, options.brokers, options.connectTimeoutMs ?? 20_000);
  const partitions = await ensureTopic(kafka, options.topic, options.partitions);
  const batchSize = options.batchSize ?? 1_000;
  const tally = createTally();
  const source = createMessageSource({
    topic: options.topic, sensors: options.sensors, partitions, seed, invalidRatio: options.invalidRatio,
    startSecondOfDay: options.seed === undefined ? secondOfDay(new Date()) : seed % 86_400,
  });
  const lanes = Math.max(1, Math.min(partitions, options.lanes ?? 4));
  const sender = createSender({ kafka, topic: options.topic, lanes, batchSize, lingerMs: 20, tally, logger });
  logger.info('producer.start', { topic: options.topic, partitions, sensors: options.sensors, rate: options.rate, count: options.count, durationSeconds: options.durationSeconds, seed, lanes });
  const started = performance.now();
  const stopProgress = reportProgress(tally, started, options.onProgress);
  try {
    await pace({ rate: options.rate, count: options.count, durationSeconds: options.durationSeconds, signal: options.signal, stopped: () => sender.failure() !== undefined, chunk: batchSize }, async (n) => {
      for (let index = 0; index < n; index++) sender.add(source.next());
      // Bounded memory: never more than a few batches per lane waiting.
      await sender.whenBelow(lanes * batchSize * 4);
    });
    await sender.flush();
  } finally {
    stopProgress();
    await sender.close();
  }
  return finish(tally, sender, { topic: options.topic, partitions, seed, durationSeconds: (performance.now() - started) / 1000 }, logger);
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

function secondOfDay(date: Date): number {
  return date.getHours() * 3_600 + date.getMinutes() * 60 + date.getSeconds();
}
