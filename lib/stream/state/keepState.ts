import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from '../checkpoint/atomicFile';

/**
 * The state store outlives the checkpoint: the merge clears the checkpoint
 * once its batches are archived, but open windows, the watermark and dedupe
 * keys belong to readings not yet complete. Given the renamed-away
 * checkpoint (`cleared`), moves its state/ back under `checkpointDir`;
 * called right after the rename and again for any cleared folder a kill left.
 */
export function keepStateStore(cleared: string, checkpointDir: string): void {
  const from = join(cleared, 'state');
  const to = join(checkpointDir, 'state');
  if (!existsSync(from) || existsSync(to)) return;
  mkdirSync(checkpointDir, { recursive: true });
  renameSync(from, to);
  fsyncDir(checkpointDir);
}
