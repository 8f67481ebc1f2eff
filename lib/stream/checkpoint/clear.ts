import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncDir, safeReaddir } from './atomicFile';

/** Kept through a clear: the state store outlives the cycle's clean-up (it holds windows still open). */
const keptFolder = 'state';

/**
 * Clears the checkpoint folder (every root of a group too) after the merge
 * archived what it named, keeping each `state/` folder. The logs go in one
 * rename, so a kill halfway never leaves a checkpoint with some logs and not
 * others; `settleClearedCheckpoints` finishes a clear a kill interrupted.
 * The caller has made sure the consumer group holds the cleared positions.
 */
export function clearCheckpoint(checkpointDir: string): void {
  const cleared = `${checkpointDir}.cleared-${process.pid}-${Date.now()}`;
  try {
    renameSync(checkpointDir, cleared);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  fsyncDir(dirname(checkpointDir));
  settleClearedCheckpoints(checkpointDir);
}

/** Moves the kept folders of cleared checkpoints back into place, then deletes what was cleared. */
export function settleClearedCheckpoints(checkpointDir: string): void {
  const prefix = `${basename(checkpointDir)}.cleared-`;
  const parent = dirname(checkpointDir);
  for (const name of safeReaddir(parent).filter((entry) => entry.startsWith(prefix))) {
    const cleared = join(parent, name);
    for (const relative of keptFolders(cleared)) {
      const target = join(checkpointDir, relative);
      if (existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(cleared, relative), target);
    }
    rmSync(cleared, { recursive: true, force: true });
  }
}

/** `state` at the top and `<instance>/state` of each instance, relative to the checkpoint folder. */
function keptFolders(dir: string): string[] {
  const found = existsSync(join(dir, keptFolder)) ? [keptFolder] : [];
  for (const name of safeReaddir(dir)) {
    if (name !== keptFolder && existsSync(join(dir, name, keptFolder))) found.push(join(name, keptFolder));
  }
  return found;
}
