import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { safeReaddir } from './atomicFile';

/** Subfolders of a checkpoint root that belong to it, never to an instance of a group. */
const ownFolders = ['offsets', 'commits', 'sinks', 'state'];

/**
 * The checkpoint roots under DATA_DIR/checkpoint: the folder itself when it
 * holds a checkpoint (one consumer), plus every subfolder that does
 * (`checkpoint/<instance>/`, one per consumer of a group).
 */
export function checkpointRoots(checkpointDir: string): string[] {
  const roots = isCheckpointRoot(checkpointDir) ? [checkpointDir] : [];
  for (const name of safeReaddir(checkpointDir)) {
    const dir = join(checkpointDir, name);
    if (!ownFolders.includes(name) && isCheckpointRoot(dir)) roots.push(dir);
  }
  return roots;
}

function isCheckpointRoot(dir: string): boolean {
  return existsSync(join(dir, 'metadata')) || existsSync(join(dir, 'commits'));
}
