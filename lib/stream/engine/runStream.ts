import { isPipelineError, ServiceError } from '../../errors';
import { GenericError } from '@platformatic/kafka';
import { Checkpoint, removeTempFiles } from '../checkpoint';
import { describeKafkaError, KafkaSource } from '../source';
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
  let source: KafkaSource | undefined;
  try {
    source = await KafkaSource.open({
      connection: { brokers: options.brokers, security: config.kafka.security, clientId: 'iot-consumer', logger }, topic, group, logger, tuning: options.fetchTuning,
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
  } catch (error) {
    throw asPipelineError(error, options.brokers);
  } finally {
    await source?.close();
    checkpoint.close();
  }
}

/** Kafka client failures (broker gone, timeouts) become a ServiceError that says the checkpoint makes a rerun safe. */
function asPipelineError(error: unknown, brokers: string[]): unknown {
  if (isPipelineError(error) || !(error instanceof Error) || !GenericError.isGenericError(error)) return error;
  return new ServiceError(`Kafka at ${brokers.join(',')} failed during the stream: ${describeKafkaError(error)}`, {
    code: 'KAFKA_FAILED',
    cause: error,
    hint: 'Check the broker (`iot services status kafka`), then run `iot consume` again: it finishes the open batch from the checkpoint, nothing is lost or doubled.',
  });
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
