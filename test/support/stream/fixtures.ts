/**
 * Test and benchmark fixtures for the stream, on @platformatic/kafka: a topic
 * with a given partition count, fast batched sends (any codec), distinct
 * readings, and readers for the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionAlgorithmValue, ProduceAcks, Producer } from '@platformatic/kafka';
import pl from 'nodejs-polars';
import { Config } from '../../../lib/config';
import { silentLogger } from '../../../lib/log';
import { csvHeader, csvLine, SensorReading } from '../../../lib/schema';
import { runStream, StreamOptions, StreamSummary } from '../../../lib/stream';
import { safeReaddir } from '../../../lib/stream/checkpoint/atomicFile';
import { createProducer, ensureTopic } from '../../../lib/kafka';

export async function createTopic(brokers: string[], topic: string, partitions: number): Promise<void> {
  await ensureTopic({ brokers, clientId: 'iot-stream-test' }, topic, partitions);
}

/** Sends values round-robin over partitions in large batches; returns when all are acknowledged. */
export async function sendValues(
  brokers: string[], topic: string, values: (string | Buffer | null)[], partitions: number, compression: CompressionAlgorithmValue = 'none',
): Promise<void> {
  await sendGenerated(brokers, topic, values.length, partitions, (index) => values[index], 10_000, compression);
}

/**
 * Sends `count` generated values round-robin over partitions in large
 * batches, without holding them all in memory. Idempotent and one send at a
 * time: a send the client retries after a timeout (a loaded machine) must
 * not land twice, or the specs would see doubles the consumer did not make.
 */
export async function sendGenerated(
  brokers: string[], topic: string, count: number, partitions: number, valueAt: (index: number) => string | Buffer | null, chunk = 10_000,
  compression: CompressionAlgorithmValue = 'none',
): Promise<void> {
  const producer = createProducer({ brokers, clientId: 'iot-stream-test' }, { idempotent: true, acks: ProduceAcks.ALL, compression });
  try {
    for (let from = 0; from < count; from += chunk) {
      const messages = [];
      for (let index = from; index < Math.min(count, from + chunk); index++) {
        const value = valueAt(index);
        messages.push({ topic, partition: index % partitions, value: value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(value) });
      }
      await producer.send({ messages: messages as Parameters<Producer['send']>[0]['messages'] });
    }
  } finally {
    await producer.close();
  }
}

/** `count` readings that differ from each other (sensor_id is the index), so duplicates would show. */
export function distinctReadings(count: number, firstId = 1): SensorReading[] {
  return Array.from({ length: count }, (_, index) => ({
    sensor_id: firstId + index,
    temperature: ((index * 7919) % 1250) / 10 - 40,
    humidity: ((index * 104729) % 10000) / 100,
    timestamp: `2026-11-26 ${String(index % 24).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}:${String((index * 7) % 60).padStart(2, '0')}`,
  }));
}

export function partFiles(outputDir: string, extension: 'csv' | 'parquet' = 'csv'): string[] {
  return safeReaddir(outputDir).filter((name) => name.startsWith('part-') && name.endsWith(`.${extension}`)).sort();
}

/** Every data line of every CSV part file (headers checked and dropped). */
export function csvRows(outputDir: string): string[] {
  return partFiles(outputDir).flatMap((name) => {
    const lines = readFileSync(join(outputDir, name), 'utf8').split('\n').filter((line) => line !== '');
    if (lines[0] !== csvHeader) throw new Error(`${name} does not start with the header`);
    return lines.slice(1);
  });
}

/** Rows of every Parquet part file, rendered as CSV lines for comparison with csvRows. */
export function parquetRows(outputDir: string): string[] {
  return partFiles(outputDir, 'parquet').flatMap((name) =>
    (pl.readParquet(join(outputDir, name)).toRecords() as unknown as SensorReading[]).map((row) =>
      csvLine({ ...row, sensor_id: Number(row.sensor_id) }),
    ),
  );
}

export function quarantinedRecords(quarantineDir: string): Array<{ partition: number; offset: number; value: string | null; valueBase64?: string; reason: string; detail: string }> {
  return safeReaddir(quarantineDir)
    .filter((name) => name.endsWith('.jsonl') && !name.startsWith('.'))
    .flatMap((name) => readFileSync(join(quarantineDir, name), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
}

export function sortedCopy(values: string[]): string[] {
  return [...values].sort();
}

/** One run that consumes everything the topic holds now, then stops (a drain from the start), quietly. */
export function consumeAvailable(config: Config, brokers: string[], topic: string, options: Partial<StreamOptions> = {}): Promise<StreamSummary> {
  const drain = new AbortController();
  drain.abort();
  return runStream({
    config, brokers, topic, group: `${topic}-group`, durationSeconds: 0, triggerSeconds: 0.2,
    startingOffsets: 'earliest', format: 'csv', logger: silentLogger, drain: drain.signal, ...options,
  });
}
