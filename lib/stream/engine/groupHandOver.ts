import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { Config } from '../../config';
import { StateError } from '../../errors';
import { kafkaConnection, withAdmin } from '../../kafka';
import { Logger } from '../../log';
import { MetadataLog, OffsetsEntry, PartitionOffsets } from '../checkpoint';
import { readGroupCommitFile } from '../checkpoint/checkpoint';
import { readCommitEntry, readMetadata, readOffsetsEntry } from '../checkpoint/entries';
import { checkpointRoots } from '../checkpoint/roots';
import { fetchGroupOffsets, GroupOffsetCommitter, topicIdOf } from '../source';

/** Where one checkpoint root's last committed batch ended, and what its group is known to hold. */
interface RootPosition {
  root: string;
  last: OffsetsEntry;
  group: string;
  /** Partitions whose group offset is not known to have reached the batch's end. */
  behind: PartitionOffsets;
}

/**
 * Before the stream's checkpoint is cleared: every root's last committed end
 * offsets must be in its consumer group, since the next run starts from the
 * group. Known from the checkpoint's own note of its last group commit; only
 * where that is behind (a group commit failed, then the consumer stopped) is
 * Kafka asked, and the offsets committed. If Kafka cannot be reached the
 * clear is refused before anything is archived, saying how to finish.
 */
export async function handCheckpointToGroup(options: { config: Config; checkpointDir: string; logger: Logger }): Promise<void> {
  const positions = checkpointRoots(options.checkpointDir).map((root) => rootPosition(root)).filter((p): p is RootPosition => p !== undefined && Object.keys(p.behind).length > 0);
  if (positions.length === 0) return;
  const connection = { ...kafkaConnection(options.config), clientId: 'iot-merge', logger: options.logger, connectTimeoutMs: 5_000 };
  try {
    await withAdmin(connection, async (admin) => {
      for (const position of positions) await catchUp(admin, position, options.logger);
    }, { retries: 2 });
  } catch (error) {
    throw groupBehind(positions, connection.brokers, error);
  }
}

async function catchUp(admin: Admin, position: RootPosition, logger: Logger): Promise<void> {
  const { last, group } = position;
  const currentId = await topicIdOf(admin, last.topic);
  if (currentId === undefined || (last.topicId !== undefined && currentId !== last.topicId)) {
    // The positions belong to a topic that is gone: committing them to its successor would skip its records.
    logger.warn('stream.group_handover_skipped', { group, topic: last.topic, checkpoint: position.root, why: currentId === undefined ? 'the topic no longer exists' : `the topic was recreated (id ${last.topicId} → ${currentId})` });
    return;
  }
  const committed = (await fetchGroupOffsets(admin, group, last.topic)) ?? {};
  const missing = Object.fromEntries(Object.entries(position.behind).filter(([p, end]) => (committed[p] ?? -1) < end));
  if (Object.keys(missing).length === 0) return;
  await new GroupOffsetCommitter(admin).commit(group, last.topic, missing);
  logger.info('stream.group_handover', { group, topic: last.topic, checkpoint: position.root, committed: missing, note: 'the last committed batches\' offsets, which the group had not received' });
}

/** `iot consume`'s default group, for a checkpoint written before entries named their group. */
const defaultGroup = 'iot-consumer';

function rootPosition(root: string): RootPosition | undefined {
  const hint = `Checkpoint ${root} could not be read.`;
  const commits = new MetadataLog(join(root, 'commits'), readCommitEntry, hint, { readOnly: true });
  const lastCommitted = commits.latest()?.batchId;
  if (lastCommitted === undefined) return undefined;
  const last = new MetadataLog(join(root, 'offsets'), readOffsetsEntry, hint, { readOnly: true }).get(lastCommitted);
  if (!last) return undefined;
  const group = last.group ?? metadataGroup(root) ?? defaultGroup;
  const recorded = readGroupCommitFile(join(root, 'group-offsets'));
  const known = recorded?.group === group && recorded.topic === last.topic ? recorded.offsets : {};
  const behind = Object.fromEntries(Object.entries(last.end).filter(([p, end]) => (known[p] ?? -1) < end));
  return { root, last, group, behind };
}

function metadataGroup(root: string): string | undefined {
  try {
    return readMetadata(JSON.parse(readFileSync(join(root, 'metadata'), 'utf8'))).group;
  } catch {
    return undefined;
  }
}

function groupBehind(positions: RootPosition[], brokers: string[], cause: unknown): StateError {
  const lines = positions.map((p) => `group "${p.group}" on ${p.last.topic}: ${Object.entries(p.behind).map(([partition, end]) => `partition ${partition} → ${end}`).join(', ')} (${p.root})`);
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StateError(
    `The checkpoint cannot be cleared yet: its last committed batches are not in the consumer group, and they could not be committed through Kafka (${brokers.join(',')}): ${reason}\n    ${lines.join('\n    ')}`,
    {
      code: 'CHECKPOINT_GROUP_BEHIND',
      hint:
        'Nothing was archived or deleted. Start Kafka (`iot services start kafka`, or check KAFKA_BROKERS), then run `iot merge` again: it commits those offsets first. ' +
        'If the group has members (a consumer killed a moment ago stays one until its session times out), wait for that, or stop them, then run `iot merge` again. ' +
        'Or run `iot consume` once (it commits them when it starts), then `iot merge`. Never delete DATA_DIR/checkpoint by hand now: the next run would read those batches again.',
      cause,
    },
  );
}
