import { join, resolve } from 'node:path';
import { isHeld, readHolder } from '../../lock';
import { checkpointRoots, MetadataLog, OffsetsEntry, PartitionOffsets } from '../checkpoint';
import { readCommitEntry, readOffsetsEntry } from '../checkpoint/entries';

/** The batches other instances of a group recorded in their checkpoints under the shared folder. */
interface PeerBatches {
  committed: OffsetsEntry[];
  /** Planned, not committed, by an instance that is alive: it will finish them. */
  openByLiveInstance: OffsetsEntry[];
  /** Planned, not committed, by an instance that is gone. */
  openByDeadInstance: OffsetsEntry[];
}

function peerBatches(checkpointDir: string, ownRoot: string | undefined): PeerBatches {
  const peers: PeerBatches = { committed: [], openByLiveInstance: [], openByDeadInstance: [] };
  for (const root of checkpointRoots(checkpointDir).filter((dir) => ownRoot === undefined || resolve(dir) !== resolve(ownRoot))) {
    const hint = `Checkpoint ${root} belongs to another instance of the group.`;
    const offsets = new MetadataLog(join(root, 'offsets'), readOffsetsEntry, hint, { readOnly: true });
    const commits = new MetadataLog(join(root, 'commits'), readCommitEntry, hint, { readOnly: true });
    const lastCommitted = commits.latest()?.batchId ?? -1;
    const holder = readHolder(join(root, 'lock'));
    const live = holder !== undefined && isHeld(holder);
    for (const batchId of offsets.batchIds()) {
      const entry = offsets.get(batchId);
      if (!entry) continue;
      if (batchId <= lastCommitted) peers.committed.push(entry);
      else (live ? peers.openByLiveInstance : peers.openByDeadInstance).push(entry);
    }
  }
  return peers;
}

/**
 * The lowest offset a new owner may start at, per partition: past every batch
 * another instance committed (a kill between its commit marker and its group
 * commit leaves the group offset behind) and past every batch a live
 * instance has planned and is still writing (a rebalance does not wait for
 * it). A dead instance's open batch is not counted: its files are never
 * named by a commit, and the new owner reads that range again.
 */
export function groupFloor(checkpointDir: string): PartitionOffsets {
  // Our own committed batches count too: their group commit may have failed.
  const peers = peerBatches(checkpointDir, undefined);
  const floor: PartitionOffsets = {};
  for (const entry of [...peers.committed, ...peers.openByLiveInstance]) {
    for (const [partition, end] of Object.entries(entry.end)) floor[partition] = Math.max(floor[partition] ?? 0, end);
  }
  return floor;
}

/**
 * True when another instance has planned a batch that reads part of
 * `entry`'s range: this instance's open batch was then given up by the
 * group and must be abandoned, not redone, or its rows would be there twice.
 */
export function overlapsPeerBatch(checkpointDir: string, ownRoot: string, entry: OffsetsEntry): boolean {
  const peers = peerBatches(checkpointDir, ownRoot);
  return [...peers.committed, ...peers.openByLiveInstance, ...peers.openByDeadInstance].some((other) =>
    Object.keys(entry.end).some((p) => rangesOverlap(entry, other, p)),
  );
}

export function rangesOverlap(a: OffsetsEntry, b: OffsetsEntry, partition: string): boolean {
  const [aStart, aEnd] = [a.start[partition] ?? a.end[partition], a.end[partition]];
  const [bStart, bEnd] = [b.start[partition] ?? b.end[partition], b.end[partition]];
  if (bEnd === undefined || aStart >= aEnd || bStart >= bEnd) return false;
  return bStart < aEnd && bEnd > aStart;
}
