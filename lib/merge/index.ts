import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Config } from '../config';
import { DataError, PipelineError, storageErrorFrom } from '../errors';
import { acquireDataFolderLock, DataFolderLock, holdsDataFolderExclusively } from '../lock';
import { Logger, progressReporter } from '../log';
import { publishArchives, publishSibling } from './backupName';
import { writeOutputArchive } from './outputArchive';
import { OutputKind, outputKinds, readingsOutput } from '../schema';
import { removeArchivedFiles, removeMergedParts } from './cleanup';
import { handCheckpointToGroup, settleClearedCheckpoints } from '../stream';
import { clearJournal, journalPath, removeAbandonedTempFiles, settleInterruptedMerge, writeJournal } from './mergeJournal';
import { countCsvRows, fsyncPath, writeParquetCopy } from './durableWrite';
import { Manifest, readManifest } from './manifest';
import { writeMergedCsv } from './writeMerged';
import { verifyManifest } from './verifyManifest';

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
  /** Files of uncommitted attempts removed after the archive (relative to DATA_DIR). */
  uncommittedRemoved: string[];
  /** The other outputs archived beside the readings (window rows, alert events), under the same timestamp. */
  outputs: OutputArchive[];
}

/** One output's archive: what it holds and where it went. */
export interface OutputArchive {
  output: OutputKind['name'];
  files: number;
  rows: number;
  path: string;
}

export { findPartFiles } from './partFiles';
export { backupFileName, backupFilePattern } from './backupName';
export { readManifest } from './manifest';
export type { Manifest, ManifestPart } from './manifest';

/**
 * Archives exactly what the checkpoint's manifest names: the part files of
 * committed batches, each checked against its sink log entry (rows, bytes)
 * before anything is written. One sorted CSV goes to backup/; the parts,
 * the leftovers of uncommitted attempts and the checkpoint are deleted only
 * after the backup is on disk and holds exactly the parts' rows. The data
 * folder is held exclusively throughout (taken here unless the caller, `iot
 * cycle`, holds it), so no consumer can start in between.
 */
export async function mergeParts(options: MergeOptions): Promise<MergeSummary> {
  const { paths } = options.config;
  const lock: DataFolderLock | undefined = holdsDataFolderExclusively(paths.data) ? undefined : await acquireDataFolderLock(paths.data, 'merge');
  try {
    return await mergeLocked(options);
  } catch (error) {
    throw storageErrorFrom(error, { action: 'merge the part files', configured: { name: 'DATA_DIR', path: paths.data }, rerun: rerunMerge }) ?? error;
  } finally {
    lock?.release();
  }
}

const rerunMerge = 'run `iot merge` again: it checks the parts against the checkpoint again and finishes an interrupted merge from its journal';

async function mergeLocked(options: MergeOptions): Promise<MergeSummary> {
  const started = performance.now();
  const { paths } = options.config;
  const { logger } = options;
  finishInterruptedMerge(options);
  const manifest = readManifest(paths.checkpoint, paths.data, paths.output, paths.quarantine);
  logManifest(manifest, paths.data, logger);
  verifyManifest(manifest, paths.data);
  if (manifest.committed.length === 0) {
    logger.info('merge.nothing_to_merge', { output: paths.output, uncommittedLeftAlone: manifest.uncommitted.length });
    return { files: 0, rows: 0, bytes: 0, seconds: seconds(started), uncommittedRemoved: [], outputs: [] };
  }
  // The next consume starts from the group once the checkpoint is cleared: the group must hold its positions first.
  await handCheckpointToGroup({ config: options.config, checkpointDir: paths.checkpoint, logger });
  const readings = manifest.committed.filter((part) => part.output === readingsOutput.name);
  const rows = readings.reduce((sum, part) => sum + part.rows, 0);
  const files = [...manifest.committed.map((part) => part.path), ...manifest.uncommitted];
  const published = await writeBackup(manifest, rows, files, options);
  removeMergedParts(files, paths.output, paths.checkpoint, published.backupPath);
  clearJournal(paths.backup);
  const uncommittedRemoved = manifest.uncommitted.map((path) => relative(paths.data, path));
  if (uncommittedRemoved.length > 0) logger.info('merge.uncommitted_removed', { files: uncommittedRemoved, note: 'left by batches that never committed; the next consume reads those offsets again' });
  const summary: MergeSummary = { files: readings.length, rows, ...published, seconds: seconds(started), uncommittedRemoved };
  logger.info('merge.done', { ...summary });
  return summary;
}

/** Deletes the parts of a merge that was archived but killed before its cleanup (so they are not archived twice), and unpublished leftovers. */
function finishInterruptedMerge(options: MergeOptions): void {
  const { paths } = options.config;
  settleClearedCheckpoints(paths.checkpoint);
  const archived = settleInterruptedMerge(paths.backup, options.logger);
  const abandoned = removeAbandonedTempFiles(paths.backup);
  if (abandoned > 0) options.logger.info('merge.abandoned_temp_files_removed', { files: abandoned, backup: paths.backup });
  if (archived.length === 0) return;
  removeArchivedFiles(archived, paths.output, 'an earlier backup', { dir: paths.checkpoint, dataDir: paths.data });
  clearJournal(paths.backup);
}

interface Published {
  backupPath: string;
  parquetPath?: string;
  bytes: number;
  outputs: OutputArchive[];
}

/** An output other than the readings, written to its temporary archive and counted. */
interface CompanionArchive extends Omit<OutputArchive, 'path'> {
  tempPath: string;
  prefix: string;
}

/**
 * Temporary files in backup/ first; the timestamped names appear only once
 * everything is verified, every output's archive under one timestamp.
 */
async function writeBackup(manifest: Manifest, partRows: number, files: string[], options: MergeOptions): Promise<Published> {
  const dir = options.config.paths.backup;
  // Ends in .csv: nodejs-polars reads any other string as inline CSV text, not as a path.
  const stem = join(dir, `.merge-${process.pid}-${Date.now()}`);
  const temp = `${stem}.tmp.csv`;
  const tempParquet = temp.replace(/\.csv$/, '.parquet');
  const companions: CompanionArchive[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const readings = manifest.committed.filter((part) => part.output === readingsOutput.name);
    const partBytes = readings.reduce((sum, part) => sum + part.bytes, 0);
    const progress = progressReporter({ label: `merge ${readings.length} parts`, total: 2 * partBytes, unit: 'bytes', logger: options.logger });
    const bytes = writeMergedCsv(readings, temp, options.config.paths.data, partRows, progress);
    progress.finish();
    verifyRowCount(countCsvRows(temp), partRows, readingsOutput.name);
    for (const kind of outputKinds.filter((candidate) => candidate !== readingsOutput)) {
      const parts = manifest.committed.filter((part) => part.output === kind.name);
      if (parts.length === 0) continue;
      const companion = { output: kind.name, files: parts.length, rows: parts.reduce((sum, part) => sum + part.rows, 0), tempPath: `${stem}.${kind.name}.tmp.csv`, prefix: kind.archivePrefix };
      companions.push(companion);
      verifyRowCount(writeOutputArchive(kind, parts, companion.tempPath, options.config.paths.data), companion.rows, kind.name);
    }
    if (options.format === 'parquet') writeParquetCopy(temp, tempParquet);
    writeJournal(dir, { tempPath: temp, files, companions: companions.map((companion) => companion.tempPath) });
    const names = await publishArchives([...companions, { tempPath: temp, prefix: readingsOutput.archivePrefix }], dir);
    const backupPath = names[names.length - 1];
    const parquetPath = options.format === 'parquet' ? publishParquet(tempParquet, backupPath) : undefined;
    fsyncPath(dir);
    const outputs = companions.map(({ output, files: count, rows }, index) => ({ output, files: count, rows, path: names[index] }));
    return { backupPath, parquetPath, bytes, outputs };
  } catch (error) {
    for (const path of [temp, tempParquet, ...companions.map((companion) => companion.tempPath)]) removeQuietly(path);
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

function verifyRowCount(written: number, parts: number, output: OutputKind['name']): void {
  if (written === parts) return;
  throw new DataError(`The merged ${output} file has ${written} rows but the parts hold ${parts}.`, { code: 'MERGE_ROW_COUNT' });
}

function backupFailed(error: unknown, dir: string): PipelineError {
  if (error instanceof PipelineError && error.code === 'MERGE_ROW_COUNT') {
    return new DataError(`${error.message} Nothing was deleted.`, { code: error.code, hint: 'The part files are untouched; run `iot merge` again, and report this if it repeats.' });
  }
  const storage = storageErrorFrom(error, { action: `write the backup in ${dir}`, path: dir, rerun: `run \`iot merge\` again: the part files and checkpoint are as they were, so it merges the same rows` });
  if (storage) return storage;
  if (error instanceof PipelineError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new PipelineError(`Could not write the backup in ${dir}: ${reason}. Nothing was deleted: the part files and checkpoint are as they were.`, {
    code: 'BACKUP_WRITE_FAILED',
    exitCode: 1,
    hint: `Make ${dir} writable and give it free space, then run \`iot merge\` again.`,
    cause: error,
  });
}

function logManifest(manifest: Manifest, dataDir: string, logger: Logger): void {
  for (const path of manifest.ignored) logger.debug('merge.ignored', { file: relative(dataDir, path), reason: 'metadata, not data' });
  if (manifest.uncommitted.length > 0) {
    logger.warn('merge.uncommitted_files', { files: manifest.uncommitted.map((path) => relative(dataDir, path)), note: 'left by batches that never committed: never archived, removed after the archive' });
  }
}

function seconds(started: number): number {
  // Milliseconds rounded, as seconds: 0.001 s resolution.
  return Math.round(performance.now() - started) / 1000;
}
