import { isPipelineError } from '../../errors';
import { Logger } from '../../log';
import { Checkpoint, OffsetsEntry, PartitionOffsets, SinkEntry } from '../checkpoint';
import { BatchWriter, clearEarlierAttempt, SinkPaths } from '../sink';
import { KafkaSource } from '../source';
import { BatchState, StateStore } from '../state';
import type { AlertDelivery } from '../alerts';

export interface BatchContext {
  checkpoint: Checkpoint;
  source: KafkaSource;
  paths: SinkPaths;
  group: string;
  logger: Logger;
  /** DATA_DIR/checkpoint, where a group instance reads the other instances' checkpoints. */
  checkpointRoot?: string;
  /** Event-time state (watermark, windows, dedupe keys); absent with --window off and no other stateful operator. */
  state?: StateStore;
  /** The alert webhook: told each committed batch's alert rows. */
  alertDelivery?: AlertDelivery;
}

export interface BatchOutcome {
  sink: SinkEntry;
  rowsWritten: number;
  rowsQuarantined: number;
  readWriteMs: number;
  commitMs: number;
  /** False when the consumer group commit failed; the next batch's commit (or the end of the run) repeats it. */
  groupCommitted: boolean;
  /** The batch's watermark, late and duplicate counts, when it ran through the state store. */
  state?: BatchState;
}

/** A batch's start offset for every partition it plans (one it reads nothing from starts at its end). */
export function batchStart(entry: OffsetsEntry): PartitionOffsets {
  return Object.fromEntries(Object.keys(entry.end).map((p) => [p, entry.start[p] ?? entry.end[p]]));
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
    // An attempt killed after its sink entry but before its commit: the entry is written once, so the redo's goes in its place.
    checkpoint.sinks.remove(entry.batchId);
    logger.info('stream.batch.redo', { batch: entry.batchId, start: entry.start, end: entry.end, removedFiles: removed });
    // The state the batch before left, and the watermark the batch was planned with: the same rows again.
    await context.state?.prepare(batchStart(entry), { watermarkMs: entry.watermarkMs });
  }
  const writer = new BatchWriter(paths, entry, context.state);
  let sink: SinkEntry;
  try {
    await source.read(entry.start, entry.end, (partition, offset, value, timestamp) => writer.accept(partition, offset, value, timestamp));
    sink = await writer.finish();
  } catch (error) {
    writer.abort();
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
  if (context.alertDelivery && context.state && writer.state) {
    const index = context.state.operators.findIndex((operator) => operator.output.kind === 'alert');
    if (index >= 0) context.alertDelivery.committed(entry.batchId, writer.state.rows[index]);
  }
  const groupCommitted = await tryGroupCommit(context, entry.end);
  checkpoint.purge(entry.batchId);
  return {
    sink,
    rowsWritten: writer.rowsWritten,
    rowsQuarantined: writer.rowsQuarantined,
    readWriteMs: written - started,
    commitMs: Date.now() - written,
    groupCommitted,
    state: writer.state,
  };
}

export async function tryGroupCommit(context: BatchContext, offsets: PartitionOffsets): Promise<boolean> {
  try {
    await context.source.committer.commit(context.group, context.source.topic, offsets);
    context.checkpoint.recordGroupCommit(context.source.topic, offsets);
    return true;
  } catch (error) {
    if (isPipelineError(error) && error.code === 'STORAGE_ENOENT') throw error;
    context.logger.warn('stream.group_commit_failed', { group: context.group, error, retry: 'with the next batch' });
    return false;
  }
}
