import { Logger } from '../../log';
import { Checkpoint, OffsetsEntry, PartitionOffsets, SinkEntry } from '../checkpoint';
import { BatchWriter, clearEarlierAttempt, SinkPaths } from '../sink';
import { AlertStage } from '../alerts/alertStage';
import { KafkaSource } from '../source';

export interface BatchContext {
  checkpoint: Checkpoint;
  source: KafkaSource;
  paths: SinkPaths;
  group: string;
  logger: Logger;
  /** DATA_DIR/checkpoint, where a group instance reads the other instances' checkpoints. */
  checkpointRoot?: string;
  /** The alert rules; absent with --alerts off. */
  alerts?: AlertStage;
}

export interface BatchOutcome {
  sink: SinkEntry;
  rowsWritten: number;
  rowsQuarantined: number;
  readWriteMs: number;
  commitMs: number;
  /** False when the consumer group commit failed; the next batch's commit (or the end of the run) repeats it. */
  groupCommitted: boolean;
  /** Alert events the batch raised or cleared, readings the rules found late, and the watermark after it (ms of event time). */
  alerts?: { events: number; late: number; watermark: number | null };
}

/**
 * One micro-batch after its offsets are in offsets/: read exactly the planned
 * range, write its files (a redo first removes what a killed attempt left),
 * record them in the sink log, write the commit marker, then commit the
 * offsets to the consumer group. A kill before the marker means a redo of the
 * same range into the same file names; after it, nothing is read twice.
 */
export async function executeBatch(context: BatchContext, entry: OffsetsEntry, redo: boolean): Promise<BatchOutcome> {
  const { checkpoint, source, paths, logger } = context;
  const started = Date.now();
  if (redo) {
    const removed = clearEarlierAttempt(paths, entry, checkpoint.sinks.get(entry.batchId));
    logger.info('stream.batch.redo', { batch: entry.batchId, start: entry.start, end: entry.end, removedFiles: removed });
  }
  const { alerts } = context;
  alerts?.begin(entry, redo);
  const writer = new BatchWriter(paths, entry, alerts && ((reading) => alerts.observe(reading)));
  let sink: SinkEntry;
  try {
    await source.read(entry.start, entry.end, (partition, offset, value, timestamp) => writer.accept(partition, offset, value, timestamp));
    sink = await writer.finish();
    const alertFile = alerts?.finish(entry);
    if (alertFile) sink.files.push(alertFile);
  } catch (error) {
    writer.abort();
    alerts?.abandon();
    throw error;
  }
  const written = Date.now();
  checkpoint.sinks.add(entry.batchId, sink);
  checkpoint.commits.add(entry.batchId, {
    batchId: entry.batchId,
    committedAt: new Date().toISOString(),
    rowsWritten: writer.rowsWritten,
    rowsQuarantined: writer.rowsQuarantined,
  });
  const alertSummary = alerts?.committed(entry);
  const groupCommitted = await tryGroupCommit(context, entry.end);
  checkpoint.purge(entry.batchId);
  return {
    sink,
    rowsWritten: writer.rowsWritten,
    rowsQuarantined: writer.rowsQuarantined,
    readWriteMs: written - started,
    commitMs: Date.now() - written,
    groupCommitted,
    ...(alertSummary ? { alerts: alertSummary } : {}),
  };
}

export async function tryGroupCommit(context: BatchContext, offsets: PartitionOffsets): Promise<boolean> {
  try {
    await context.source.committer.commit(context.group, context.source.topic, offsets);
    return true;
  } catch (error) {
    context.logger.warn('stream.group_commit_failed', { group: context.group, error, retry: 'with the next batch' });
    return false;
  }
}
