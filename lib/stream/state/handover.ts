import { join, resolve } from 'node:path';
import { isHeld, readHolder } from '../../lock';
import { checkpointRoots, MetadataLog } from '../checkpoint';
import { readCommitEntry, readOffsetsEntry } from '../checkpoint/entries';

/**
 * True when another live instance of the group has an open batch that ends
 * `partition` at `offset`: a rebalance handed the partition over while that
 * batch was being written (the new owner starts past it), and its snapshot
 * at `offset` will appear when that batch commits.
 */
export function peerIsWriting(checkpointRoot: string, ownDir: string, partition: number, offset: number): boolean {
  for (const root of checkpointRoots(checkpointRoot).filter((dir) => resolve(dir) !== resolve(ownDir))) {
    const holder = readHolder(join(root, 'lock'));
    if (!holder || !isHeld(holder)) continue;
    const planned = new MetadataLog(join(root, 'offsets'), readOffsetsEntry, '', { readOnly: true }).latest();
    const committed = new MetadataLog(join(root, 'commits'), readCommitEntry, '', { readOnly: true }).latest();
    if (planned && planned.batchId > (committed?.batchId ?? -1) && planned.value.end[String(partition)] === offset) return true;
  }
  return false;
}
