import { readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StateError } from '../errors';

/**
 * Removes the merged part files and empties the checkpoint folder. Called only
 * once the backup is durable and verified, so every row here is already safe.
 * Temporary and metadata files are not ours to remove and stay.
 */
export function removeMergedParts(files: string[], outputDir: string, checkpointDir: string, backupPath: string): void {
  removeArchivedFiles(files, outputDir, backupPath);
  emptyFolder(checkpointDir);
}

/** Deletes part files whose rows `backupPath` holds, and the per-batch folders they leave empty. */
export function removeArchivedFiles(files: string[], outputDir: string, backupPath: string): void {
  const left: string[] = [];
  for (const file of files) {
    try {
      rmSync(file, { force: true });
    } catch {
      left.push(file);
    }
  }
  if (left.length > 0) {
    throw new StateError(`The backup ${backupPath} is complete, but ${left.length} merged part file(s) could not be deleted.`, {
      code: 'CLEANUP_FAILED',
      hint: `Their rows are already in the backup; delete them by hand so the next merge does not repeat them: ${left.join(' ')}`,
    });
  }
  removeEmptyFolders(files, outputDir);
}

function emptyFolder(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) rmSync(join(dir, entry), { recursive: true, force: true });
}

/** Subfolders of output/ a consumer may have used per batch, once they hold nothing. */
function removeEmptyFolders(files: string[], outputDir: string): void {
  const folders = [...new Set(files.map((file) => dirname(file)))].filter((dir) => dir !== outputDir).sort().reverse();
  for (const dir of folders) {
    try {
      rmdirSync(dir);
    } catch {
      /* not empty: something else lives there */
    }
  }
}
