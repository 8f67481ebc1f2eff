import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Forces a file's bytes, or a folder's entries (after a rename or unlink), to
 * disk before we rely on them: the consumer's commit markers and the merge's
 * "delete parts only after the backup is durable" both depend on it.
 */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
