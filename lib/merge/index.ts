import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { Config } from '../config';
import { DataError, PipelineError } from '../errors';
import { Logger } from '../log';
import { publishSibling, publishWithoutOverwrite } from './backupName';
import { refuseWhileConsuming } from './activeConsumer';
import { removeArchivedFiles, removeMergedParts } from './cleanup';
import { clearJournal, journalPath, removeAbandonedTempFiles, settleInterruptedMerge, writeJournal } from './mergeJournal';
import { countCsvRows, fsyncPath, writeCsvDurably, writeParquetDurably } from './durableWrite';
import { mergeFrames, readPartOrExplain } from './mergeFrames';
import { findPartFiles, PartListing } from './partFiles';

export interface MergeOptions {
  config: Config;
  logger: Logger;
  /** 'parquet' also writes a Parquet copy next to the CSV backup. */
  format?: 'csv' | 'parquet';
}

export interface MergeSummary {
  files: number;
  rows: number;
  bytes: number;
  seconds: number;
  /** undefined when there were no parts. */
  backupPath?: string;
  parquetPath?: string;
}

export { findPartFiles } from './partFiles';
export { backupFileName, backupFilePattern } from './backupName';

/**
 * Merges the consumer's part files into one sorted CSV in backup/, then
 * deletes the parts and the checkpoint — only after the backup is on disk and
 * holds exactly the parts' rows. Any failure before that deletes nothing.
 */
export async function mergeParts(options: MergeOptions): Promise<MergeSummary> {
  const started = performance.now();
  const { paths } = options.config;
  refuseWhileConsuming(paths.checkpoint, paths.output);
  finishInterruptedMerge(options);
  const listing = findPartFiles(paths.output);
  logSkipped(listing, options.logger);
  if (listing.parts.length === 0) {
    options.logger.info('merge.nothing_to_merge', { output: paths.output, emptyFiles: listing.empty.length });
    return { files: 0, rows: 0, bytes: 0, seconds: seconds(started) };
  }
  const frames = listing.parts.map((part) => readPartOrExplain(part, paths.output));
  const partRows = frames.reduce((sum, frame) => sum + frame.height, 0);
  const merged = mergeFrames(frames);
  const files = [...listing.parts.map((part) => part.path), ...listing.empty];
  const published = await writeBackup(merged, partRows, files, options);
  removeMergedParts(files, paths.output, paths.checkpoint, published.backupPath);
  clearJournal(paths.backup);
  const summary: MergeSummary = { files: listing.parts.length, rows: partRows, ...published, seconds: seconds(started) };
  options.logger.info('merge.done', { ...summary });
  return summary;
}

/** Deletes the parts of a merge that was archived but killed before its cleanup (so they are not archived twice), and unpublished leftovers. */
function finishInterruptedMerge(options: MergeOptions): void {
  const { paths } = options.config;
  const archived = settleInterruptedMerge(paths.backup, options.logger);
  const abandoned = removeAbandonedTempFiles(paths.backup);
  if (abandoned > 0) options.logger.info('merge.abandoned_temp_files_removed', { files: abandoned, backup: paths.backup });
  if (archived.length === 0) return;
  removeArchivedFiles(archived, paths.output, 'an earlier backup');
  clearJournal(paths.backup);
}

interface Published {
  backupPath: string;
  parquetPath?: string;
  bytes: number;
}

/** Temporary files in backup/ first; the timestamped names appear only once everything is verified. */
async function writeBackup(merged: pl.DataFrame, partRows: number, files: string[], options: MergeOptions): Promise<Published> {
  const dir = options.config.paths.backup;
  // Ends in .csv: nodejs-polars reads any other string as inline CSV text, not as a path.
  const temp = join(dir, `.merge-${process.pid}-${Date.now()}.tmp.csv`);
  const tempParquet = temp.replace(/\.csv$/, '.parquet');
  try {
    mkdirSync(dir, { recursive: true });
    const bytes = writeCsvDurably(merged, temp);
    verifyRowCount(countCsvRows(temp), partRows, merged.height);
    if (options.format === 'parquet') writeParquetDurably(merged, tempParquet);
    writeJournal(dir, { tempPath: temp, files });
    const backupPath = await publishWithoutOverwrite(temp, dir);
    const parquetPath = options.format === 'parquet' ? publishParquet(tempParquet, backupPath) : undefined;
    fsyncPath(dir);
    return { backupPath, parquetPath, bytes };
  } catch (error) {
    removeQuietly(temp);
    removeQuietly(tempParquet);
    removeQuietly(journalPath(dir));
    throw backupFailed(error, dir);
  }
}

/** Best effort: the folder may be the very thing that failed. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* nothing to remove, or nowhere to remove it from */
  }
}

function publishParquet(tempParquet: string, backupPath: string): string {
  try {
    return publishSibling(tempParquet, backupPath, 'parquet');
  } catch (error) {
    // Without its Parquet copy the merge is not done: take the CSV back so nothing is half-published.
    rmSync(backupPath, { force: true });
    throw error;
  }
}

function verifyRowCount(written: number, parts: number, merged: number): void {
  if (written === parts && merged === parts) return;
  throw new DataError(`The merged file has ${written} rows but the parts hold ${parts} (merged frame: ${merged}).`, { code: 'MERGE_ROW_COUNT' });
}

function backupFailed(error: unknown, dir: string): PipelineError {
  if (error instanceof PipelineError && error.code === 'MERGE_ROW_COUNT') {
    return new DataError(`${error.message} Nothing was deleted.`, { code: error.code, hint: 'The part files are untouched; run `iot merge` again, and report this if it repeats.' });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new PipelineError(`Could not write the backup in ${dir}: ${reason}. Nothing was deleted: the part files and checkpoint are as they were.`, {
    code: 'BACKUP_WRITE_FAILED',
    exitCode: 1,
    hint: `Make ${dir} writable and give it free space, then run \`iot merge\` again.`,
    cause: error,
  });
}

function logSkipped(listing: PartListing, logger: Logger): void {
  for (const file of listing.skipped) logger.debug('merge.skipped', { file: file.path, reason: file.reason });
  if (listing.skipped.some((file) => file.reason === 'temporary')) {
    logger.warn('merge.temporary_files', { files: listing.skipped.filter((file) => file.reason === 'temporary').map((file) => file.path), hint: 'a consumer may still be writing; they are left alone' });
  }
}

function seconds(started: number): number {
  // Milliseconds rounded, as seconds: 0.001 s resolution.
  return Math.round(performance.now() - started) / 1000;
}
