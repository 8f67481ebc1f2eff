import { rmSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateError } from '../errors';
import { clearCheckpoint, retireArchivedBatches } from '../stream';

/**
 * Removes the merged part files (and leftovers of uncommitted attempts),
 * then asks the stream to clear its checkpoint. Called only once the backup
 * is durable and verified, so every row here is already safe; the consumer
 * group already holds the checkpoint's positions (the merge made sure of it
 * before archiving). Metadata files are not ours and stay.
 */
export function removeMergedParts(files: string[], outputDir: string, checkpointDir: string, backupPath: string): void {
  removeArchivedFiles(files, outputDir, backupPath);
  clearCheckpoint(checkpointDir);
}

/**
 * Deletes part files whose rows `backupPath` holds, and the per-batch folders
 * they leave empty. With a checkpoint (finishing an interrupted merge), the
 * stream retires the batches that named those files, so the manifest never
 * asks for a file that was archived already.
 */
export function removeArchivedFiles(files: string[], outputDir: string, backupPath: string, checkpoint?: { dir: string; dataDir: string }): void {
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
  if (checkpoint) retireArchivedBatches(checkpoint.dir, checkpoint.dataDir, files);
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
