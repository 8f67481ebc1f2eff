import { StateError } from '../../errors';
import { Logger } from '../../log';
import { Checkpoint, OffsetsEntry, PartitionOffsets } from '../checkpoint';
import { clearEarlierAttempt, SinkPaths } from '../sink';
import { alignToLog, checkGroupHasNoMembers, fetchGroupOffsets, KafkaSource, LogAlignment } from '../source';
import { overlapsPeerBatch } from './groupFloor';

export interface StartPosition {
  /** The id of the next batch to plan (or of the open batch, when `redo` is set). */
  batchId: number;
  start: PartitionOffsets;
  /** A batch planned but not committed before the last run ended: done again exactly as planned. */
  redo?: OffsetsEntry;
  origin: 'checkpoint' | 'group' | 'earliest' | 'latest';
}

/**
 * Where a run starts, in Spark's order: the checkpoint if it has batches
 * (finishing an open one first); else the consumer group's committed offsets
 * (the checkpoint was deleted by the merge step); else --starting-offsets.
 */
export async function resolveStartPosition(options: {
  checkpoint: Checkpoint; source: KafkaSource; group: string; startingOffsets: 'earliest' | 'latest'; logger: Logger;
  /** Set for an instance of a group: DATA_DIR/checkpoint, holding every instance's checkpoint. */
  groupCheckpointRoot?: string; paths: SinkPaths;
}): Promise<StartPosition> {
  const { checkpoint, source, group } = options;
  if (options.groupCheckpointRoot !== undefined) return resolveGroupInstanceStart(options.checkpoint, options.groupCheckpointRoot, options.paths, options.logger);
  await checkGroupHasNoMembers(source.admin, group);
  const state = checkpoint.recoveryState();
  if (state.kind === 'open') return { batchId: state.batch.batchId, start: state.batch.start, redo: state.batch, origin: 'checkpoint' };
  if (state.kind === 'committed') {
    // A run killed between the commit marker and the group commit: repeat the group commit now.
    await source.committer.commit(group, source.topic, state.last.end);
    checkpoint.recordGroupCommit(source.topic, state.last.end);
    return { batchId: state.last.batchId + 1, start: state.last.end, origin: 'checkpoint' };
  }
  const committed = await fetchGroupOffsets(source.admin, group, source.topic);
  if (committed) return { batchId: 0, start: committed, origin: 'group' };
  const start = options.startingOffsets === 'earliest' ? await source.earliestOffsets() : await source.latestOffsets();
  return { batchId: 0, start, origin: options.startingOffsets };
}

/**
 * A group instance starts on whatever the group assigns it (the loop finds
 * where, per partition). Its own open batch is redone as planned, so the
 * range is written once, unless another instance has meanwhile planned a
 * batch over part of it: the group gave the range to that instance, and
 * this attempt is abandoned (its files are never named by a commit).
 */
function resolveGroupInstanceStart(checkpoint: Checkpoint, checkpointRoot: string, paths: SinkPaths, logger: Logger): StartPosition {
  const state = checkpoint.recoveryState();
  if (state.kind === 'empty') return { batchId: 0, start: {}, origin: 'group' };
  if (state.kind === 'committed') return { batchId: state.last.batchId + 1, start: {}, origin: 'checkpoint' };
  const open = state.batch;
  if (!overlapsPeerBatch(checkpointRoot, checkpoint.dir, open)) return { batchId: open.batchId, start: open.start, redo: open, origin: 'checkpoint' };
  const removed = clearEarlierAttempt(paths, open, checkpoint.sinks.get(open.batchId));
  checkpoint.sinks.remove(open.batchId);
  checkpoint.offsets.remove(open.batchId);
  logger.info('stream.batch.abandoned', { batch: open.batchId, why: 'another instance of the group has read part of its range since', removedFiles: removed });
  return { batchId: open.batchId, start: {}, origin: 'group' };
}

/**
 * Squares a start position with the topic as it is now: partitions without a
 * position (added since, or never committed) start at their earliest offset
 * (Spark does the same); a position past the end means the topic was
 * recreated, which we refuse to guess about; records already deleted by
 * retention are reported and skipped.
 */
export async function alignWithTopic(start: PartitionOffsets, source: KafkaSource, resetHint: string, logger: Logger): Promise<PartitionOffsets> {
  const [earliest, latest] = [await source.earliestOffsets(), await source.latestOffsets()];
  return applyAlignment(alignToLog(start, earliest, latest), source.topic, resetHint, logger);
}

/** Logs what an alignment found (added partitions, expired records) and refuses a position past the end. */
export function applyAlignment(aligned: LogAlignment, topic: string, resetHint: string, logger: Logger): PartitionOffsets {
  const [ahead] = aligned.ahead;
  if (ahead) {
    throw new StateError(
      `Position ${ahead.from} of ${topic} partition ${ahead.partition} is past the topic's end (${ahead.latest}): was the topic deleted and created again?`,
      { code: 'CHECKPOINT_AHEAD_OF_TOPIC', hint: resetHint },
    );
  }
  for (const gap of aligned.expired) logger.warn('stream.records_expired', { ...gap, note: 'deleted by retention before they were read' });
  if (aligned.added.length > 0) {
    logger.info('stream.partitions_added', { partitions: Object.fromEntries(aligned.added.map((p) => [p, aligned.position[p]])), from: 'earliest' });
  }
  return aligned.position;
}
