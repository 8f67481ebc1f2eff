import { readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StateError } from '../errors';
import { MetadataLog } from '../stream/checkpoint';
import { readSinkEntry } from '../stream/checkpoint/entries';
import { keepStateStore } from '../stream/state';

/**
 * Removes the merged part files (and leftovers of uncommitted attempts) and
 * the checkpoint. Called only once the backup is durable and verified, so
 * every row here is already safe. Metadata files are not ours and stay.
 */
export function removeMergedParts(files: string[], outputDir: string, checkpointDir: string, backupPath: string): void {
  removeArchivedFiles(files, outputDir, backupPath);
  clearCheckpoint(checkpointDir);
}

/**
 * Deletes part files whose rows `backupPath` holds, and the per-batch folders
 * they leave empty. With checkpoint roots (finishing an interrupted merge),
 * the sink log entries naming those files go too, so the manifest never asks
 * for a file that was archived already.
 */
export function removeArchivedFiles(files: string[], outputDir: string, backupPath: string, checkpoints?: { roots: string[]; dataDir: string }): void {
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
  for (const root of checkpoints?.roots ?? []) forgetArchivedBatches(root, new Set(files), checkpoints!.dataDir);
}

function forgetArchivedBatches(root: string, archived: Set<string>, dataDir: string): void {
  const sinks = new MetadataLog(join(root, 'sinks'), readSinkEntry, '');
  for (const batchId of sinks.batchIds()) {
    const parts = sinks.get(batchId)!.files.filter((file) => file.kind !== 'quarantine');
    if (parts.length > 0 && parts.every((file) => archived.has(join(dataDir, file.path)))) rmSync(sinks.pathOf(batchId), { force: true });
  }
}

/**
 * The checkpoint goes in one rename (then a recursive delete), so a kill
 * halfway never leaves a checkpoint with some logs and not others; a
 * `checkpoint.cleared-*` left by such a kill is removed by the next merge.
 */
function clearCheckpoint(checkpointDir: string): void {
  const cleared = `${checkpointDir}.cleared-${process.pid}-${Date.now()}`;
  try {
    renameSync(checkpointDir, cleared);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  keepStateStore(cleared, checkpointDir);
  rmSync(cleared, { recursive: true, force: true });
}

export function removeClearedCheckpoints(checkpointDir: string): void {
  const prefix = `${basename(checkpointDir)}.cleared-`;
  let names: string[];
  try {
    names = readdirSync(dirname(checkpointDir));
  } catch {
    return;
  }
  for (const name of names.filter((entry) => entry.startsWith(prefix))) {
    keepStateStore(join(dirname(checkpointDir), name), checkpointDir);
    rmSync(join(dirname(checkpointDir), name), { recursive: true, force: true });
  }
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
