import { basename } from 'node:path';
import { Config } from '../config';
import { UsageError } from '../errors';
import { Logger } from '../log';
import { archiveStamp, archivedOutputFiles, companionArchives, resolveEtlFile } from './archiveFiles';
import { OutputKind, outputKindOfArchive, readingsOutput } from '../schema';
import { openEtlConnection } from './connection';
import { LoadedContent } from './etlLog';
import { FileIdentity, fileIdentity } from './fileIdentity';
import { runEtlJob } from './job';
import { prepareDatabase } from './prepareDatabase';
import { EtlJobResult, OnInvalid } from './result';

export interface EtlOptions {
  config: Config;
  logger: Logger;
  /** One file to load; default: the oldest archived file not loaded yet. */
  file?: string;
  /** Every archived file not loaded yet, oldest first. */
  all?: boolean;
  onInvalid: OnInvalid;
  /** Reload a file loaded before, replacing its rows in one transaction. */
  force?: boolean;
}

/**
 * `iot etl`: loads archived CSV files into sensor_data (readings),
 * sensor_window (window rows) and sensor_alert (alert events), one job and
 * one ETL_Log row per archive (job_name etl_sensor_data, etl_sensor_window,
 * etl_sensor_alert). Jobs run one after another, a merge's readings first;
 * a FAILED job does not stop the next one.
 */
export async function runEtl(options: EtlOptions): Promise<EtlJobResult[]> {
  const { config, logger } = options;
  if (options.file && options.all) throw new UsageError('Give either a FILE or --all, not both.', { hint: 'e.g. `iot etl --all`, or `iot etl data/backup/sensor_data_20260101_120000.csv`.' });
  const connection = await openEtlConnection(config.database, logger);
  try {
    const { loaded, failedBefore } = await prepareDatabase(connection, logger);
    const files = await filesToLoad(options, loaded);
    if (files.length === 0) logger.info('etl.nothing.to.load', { backup: config.paths.backup });
    const results: EtlJobResult[] = [];
    for (const { path, source, kind } of files) {
      const result = await runEtlJob(path, connection, { kind, onInvalid: options.onInvalid, force: options.force ?? false, logger, source, failedBefore });
      logJob(logger, result);
      results.push(result);
    }
    return results;
  } finally {
    await connection.close();
  }
}

interface FileToLoad {
  path: string;
  kind: OutputKind;
  source?: FileIdentity;
}

/**
 * A FILE as given (a readings archive with the window and alert archives of
 * its merge); else the archives whose content has no SUCCESS row, oldest
 * merge first (all of them with --all, else those of the first merge with
 * one pending). Archives are hashed one by one, so without --all only those
 * up to the first pending merge are read.
 */
async function filesToLoad(options: EtlOptions, loaded: LoadedContent): Promise<FileToLoad[]> {
  const backup = options.config.paths.backup;
  if (options.file) {
    const path = resolveEtlFile(options.file, backup);
    const kind = outputKindOfArchive(basename(path)) ?? readingsOutput;
    return [{ path, kind }, ...(kind === readingsOutput ? companionArchives(path) : [])];
  }
  const pending: Array<Required<FileToLoad>> = [];
  const stampOf = (path: string) => archiveStamp(basename(path));
  for (const { path, kind } of archivedOutputFiles(backup)) {
    if (!options.all && pending.length > 0 && stampOf(pending[0].path) !== stampOf(path)) break;
    if (loaded.legacyNames.has(basename(path))) continue;
    const source = await fileIdentity(path);
    if (loaded.hashes.has(source.sha256)) continue;
    // The same content twice in the backup folder loads once: the later copy is skipped like a loaded one.
    loaded.hashes.add(source.sha256);
    pending.push({ path, source, kind });
  }
  return pending;
}

function logJob(logger: Logger, result: EtlJobResult): void {
  const fields = {
    file: result.sourceFile, status: result.status, processed: result.recordsProcessed, rejected: result.recordsRejected,
    seconds: result.durationSeconds, ...(result.rejectsFile ? { rejectsFile: result.rejectsFile } : {}),
  };
  if (result.status === 'FAILED') logger.error('etl.job.failed', { ...fields, error: result.errorMessage });
  else logger.info(result.status === 'SKIPPED' ? 'etl.job.skipped' : 'etl.job.loaded', fields);
}

export type { EtlJobResult, OnInvalid } from './result';
export { archivedFilePattern, archivedFiles, archivedOutputFiles, rejectsFileFor } from './archiveFiles';
export { etlJobName } from './etlLog';
export { validateReadings } from './validate';
export type { Validation, RuleReport } from './validate';
export { formatReport } from './report';
