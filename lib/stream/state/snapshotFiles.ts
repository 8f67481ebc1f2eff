import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../../errors';
import { safeReaddir, writeFileAtomic } from '../checkpoint/atomicFile';

const version = 'v1';

/** One partition's state after a batch, as written to state/<partition>/<offset>-<watermark>-<owner>-<batch>. */
export interface PartitionSnapshot {
  partition: number;
  /** Next offset to read: the state holds every reading of the partition before it. */
  offset: number;
  /** The writer's watermark after the batch (null: none yet); rows it finalizes are already emitted. */
  watermarkMs: number | null;
  maxEventMs: number | null;
  /** Which checkpoint's batch wrote it (path relative to the checkpoint root, its metadata id), to tell committed from abandoned attempts. */
  checkpoint: string;
  checkpointId: string;
  batchId: number;
  /** --dedupe keys still within the watermark: [key, event time]. */
  seen: [string, number][];
  operators: Record<string, unknown>;
}

export function snapshotName(snapshot: PartitionSnapshot): string {
  const owner = snapshot.checkpoint === '.' ? 'main' : snapshot.checkpoint;
  return `${snapshot.offset}-${snapshot.watermarkMs ?? 'none'}-${owner}-${snapshot.batchId}`;
}

export function writeSnapshot(root: string, snapshot: PartitionSnapshot): string {
  const dir = join(root, String(snapshot.partition));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, snapshotName(snapshot));
  writeFileAtomic(path, `${version}\n${JSON.stringify(snapshot)}\n`);
  return path;
}

/** Every snapshot of `partition` taken at `offset` (a handful: one per batch that left the partition there). */
export function snapshotsAt(root: string, partition: number, offset: number): { path: string; snapshot: PartitionSnapshot; mtimeMs: number }[] {
  const dir = join(root, String(partition));
  return safeReaddir(dir)
    .filter((name) => name.startsWith(`${offset}-`))
    .map((name) => join(dir, name))
    .map((path) => ({ path, snapshot: readSnapshot(path), mtimeMs: statSync(path).mtimeMs }));
}

export function readSnapshot(path: string): PartitionSnapshot {
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  try {
    if (text.slice(0, newline) !== version) throw new Error(`no "${version}" version line`);
    const value = JSON.parse(text.slice(newline + 1)) as PartitionSnapshot;
    if (!Number.isSafeInteger(value.partition) || !Number.isSafeInteger(value.offset) || typeof value.operators !== 'object') throw new Error('not a partition snapshot');
    return value;
  } catch (error) {
    throw new StateError(`State store file ${path} is unreadable (${(error as Error).message}); refusing to guess which windows were emitted.`, {
      code: 'CHECKPOINT_CORRUPT',
      hint: `Delete ${path} only if you accept that the windows of partition it holds start empty again (their readings stay in the raw part files).`,
    });
  }
}

/** Keeps the snapshots of the newest `keep` offsets of a partition; older ones can no longer be a batch's start. */
export function purgeSnapshots(root: string, partition: number, keep: number): void {
  const dir = join(root, String(partition));
  const names = safeReaddir(dir).filter((name) => /^\d+-/.test(name));
  const offsets = [...new Set(names.map((name) => Number(name.slice(0, name.indexOf('-')))))].sort((a, b) => b - a);
  if (offsets.length <= keep) return;
  const oldestKept = offsets[keep - 1];
  for (const name of names) if (Number(name.slice(0, name.indexOf('-'))) < oldestKept) rmSync(join(dir, name), { force: true });
}

/**
 * A snapshot counts once its batch committed. One whose batch is planned
 * and not committed in a checkpoint that still exists (same metadata id) is
 * an abandoned or open attempt. A checkpoint cleared by the merge only ever
 * held committed batches there.
 */
export function isCommitted(checkpointRoot: string, snapshot: PartitionSnapshot): boolean {
  const dir = join(checkpointRoot, snapshot.checkpoint);
  let id: string | undefined;
  try {
    id = (JSON.parse(readFileSync(join(dir, 'metadata'), 'utf8')) as { id?: string }).id;
  } catch {
    return true;
  }
  if (id !== snapshot.checkpointId) return true;
  if (existsSync(join(dir, 'commits', String(snapshot.batchId)))) return true;
  return !existsSync(join(dir, 'offsets', String(snapshot.batchId)));
}
