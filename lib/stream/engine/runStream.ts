import { hostname } from 'node:os';
import { createKafkaClient } from '../../kafka';
import { Checkpoint, removeTempFiles } from '../checkpoint';
import { KafkaSource } from '../source';
import { StreamOptions, StreamSummary } from './options';
import { alignWithTopic, resolveStartPosition } from './startPosition';
import { StreamLoop } from './streamLoop';

/**
 * Runs the streaming query until stopped, drained or out of time, then
 * disconnects and returns what it did. Every batch is exactly once: see
 * microBatch.ts for the order of writes that makes a kill at any moment safe.
 */
export async function runStream(options: StreamOptions): Promise<StreamSummary> {
  const started = Date.now();
  const deadline = options.durationSeconds > 0 ? started + options.durationSeconds * 1000 : Infinity;
  const { config, topic, group } = options;
  const logger = options.logger.child('stream');
  const checkpoint = Checkpoint.open(config.paths.checkpoint, { topic, group });
  const paths = { data: config.paths.data, output: config.paths.output, quarantine: config.paths.quarantine };
  for (const dir of [paths.output, paths.quarantine]) removeTempFiles(dir);
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: 'iot-consumer', logger });
  let source: KafkaSource | undefined;
  try {
    source = await KafkaSource.open({
      kafka, topic, logger, tuning: options.fetchTuning,
      runGroupId: runGroupId(group),
      shouldStop: () => options.signal?.aborted === true || options.drain?.aborted === true || Date.now() >= deadline,
    });
    if (!source) return summaryOf(started, undefined, 'none', {});
    const position = await resolveStartPosition({ checkpoint, source, group, startingOffsets: options.startingOffsets, logger });
    const start = position.redo ? position.start : await alignWithTopic(position.start, source, checkpoint.resetHint, logger);
    logger.info('stream.start', { topic, group, from: position.origin, batch: position.batchId, offsets: start, redo: position.redo !== undefined });
    const loop = new StreamLoop({ checkpoint, source, paths, group, logger }, options, start, position.batchId, deadline);
    await loop.run(position.redo);
    const summary = summaryOf(started, loop, position.origin, loop.offsets);
    logger.info('stream.stop', { ...summary });
    return summary;
  } finally {
    await source?.close();
    checkpoint.close();
  }
}

/**
 * Records are fetched in a group of this run's own; the configured group only
 * receives committed offsets. So no run ever waits out a killed run's session.
 */
function runGroupId(group: string): string {
  return `${group}.run.${hostname()}.${process.pid}.${Date.now().toString(36)}`;
}

function summaryOf(started: number, loop: StreamLoop | undefined, startedFrom: StreamSummary['startedFrom'], endOffsets: Record<string, number>): StreamSummary {
  const totals = loop?.totals ?? { batches: 0, rowsWritten: 0, rowsQuarantined: 0, partFiles: 0, processingMs: 0 };
  return {
    batches: totals.batches,
    rowsWritten: totals.rowsWritten,
    rowsQuarantined: totals.rowsQuarantined,
    partFiles: totals.partFiles,
    durationSeconds: (Date.now() - started) / 1000,
    processingSeconds: totals.processingMs / 1000,
    startedFrom,
    endOffsets,
  };
}
