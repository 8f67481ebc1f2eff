/** What the exactly-once acceptance specs share: keyed console-producer input, a running stream, and every archived row. */
import { Config } from '../../../lib/config';
import { isPipelineError, PipelineError } from '../../../lib/errors';
import { silentLogger } from '../../../lib/log';
import { mergeParts, MergeSummary } from '../../../lib/merge';
import { waitFor } from '../../../lib/process';
import { csvLine, SensorReading } from '../../../lib/schema';
import { runStream, StreamSummary } from '../../../lib/stream';
import { backups, csvRows as fileRows } from '../cycle';
import { testBrokers } from '../scratch';
import { consoleProduce } from '../kafka/kafkaTools';
import { csvRows, distinctReadings } from './fixtures';

/** Readings with distinct ids from `firstId`, written by Kafka's console producer keyed by sensor id (spread over every partition). */
export async function produceReadings(topic: string, count: number, firstId: number): Promise<SensorReading[]> {
  const readings = distinctReadings(count, firstId);
  await consoleProduce(topic, readings.map((reading) => `${reading.sensor_id}|${JSON.stringify(reading)}`), { keyed: true });
  return readings;
}

/** `iot consume --duration 0` in this process until `stop` is called (a Ctrl-C). */
export function startStream(config: Config, topic: string, group: string): { done: Promise<StreamSummary>; stop(): void } {
  const stop = new AbortController();
  const done = runStream({
    config, brokers: testBrokers(), topic, group, durationSeconds: 0, triggerSeconds: 0.3, maxOutageSeconds: 120,
    startingOffsets: 'earliest', format: 'csv', logger: silentLogger, signal: stop.signal,
  });
  done.catch(() => undefined);
  return { done, stop: () => stop.abort() };
}

/** Waits until the part files in output/ hold `rows` rows; fails naming what they hold. */
export async function waitForRows(config: Config, rows: number, timeoutMs = 90_000): Promise<void> {
  if (await waitFor(() => csvRows(config.paths.output).length >= rows, { timeoutMs, intervalMs: 200 })) return;
  throw new Error(`output/ holds ${csvRows(config.paths.output).length} rows after ${timeoutMs} ms, expected ${rows}`);
}

export function merge(config: Config): Promise<MergeSummary> {
  return mergeParts({ config, logger: silentLogger });
}

/** Every row of every backup, sorted: each reading must be there exactly once. */
export function archivedRows(dataDir: string): string[] {
  return backups(dataDir).flatMap(fileRows).sort();
}

export function expectedRows(readings: SensorReading[]): string[] {
  return readings.map(csvLine).sort();
}

/** The error a stream stopped with; fails naming what it did instead. */
export async function failureOf(stream: { done: Promise<StreamSummary> }): Promise<PipelineError> {
  const outcome = await stream.done.then((summary) => summary, (failure: unknown) => failure);
  if (isPipelineError(outcome)) return outcome;
  throw new Error(`the stream was expected to stop with an error, but ended with ${outcome instanceof Error ? outcome.stack : JSON.stringify(outcome)}`);
}
