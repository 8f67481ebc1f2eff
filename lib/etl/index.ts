import { Config } from '../config';
import { UsageError } from '../errors';
import { Logger } from '../log';
import { archivedFiles, resolveEtlFile } from './archiveFiles';
import { EtlConnection, openEtlConnection } from './connection';
import { loadedFiles } from './etlLog';
import { runEtlJob } from './job';
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
 * `iot etl`: loads archived CSV files into sensor_data with one ETL_Log row per
 * job. Jobs run one after another; a FAILED job does not stop the next one.
 */
export async function runEtl(options: EtlOptions): Promise<EtlJobResult[]> {
  const { config, logger } = options;
  if (options.file && options.all) throw new UsageError('Give either a FILE or --all, not both.', { hint: 'e.g. `iot etl --all`, or `iot etl data/backup/sensor_data_20260101_120000.csv`.' });
  const connection = await openEtlConnection(config.database, logger);
  try {
    const applied = await connection.db.migrate();
    if (applied > 0) logger.info('etl.schema.migrated', { database: connection.db.address, migrations: applied });
    const files = await filesToLoad(options, connection);
    if (files.length === 0) logger.info('etl.nothing.to.load', { backup: config.paths.backup });
    const results: EtlJobResult[] = [];
    for (const file of files) {
      const result = await runEtlJob(file, connection, { onInvalid: options.onInvalid, force: options.force ?? false, logger });
      logJob(logger, result);
      results.push(result);
    }
    return results;
  } finally {
    await connection.close();
  }
}

async function filesToLoad(options: EtlOptions, connection: EtlConnection): Promise<string[]> {
  const backup = options.config.paths.backup;
  if (options.file) return [resolveEtlFile(options.file, backup)];
  const loaded = await loadedFiles(connection.db, connection.db.engine);
  const pending = archivedFiles(backup).filter((path) => !loaded.has(path.slice(backup.length + 1)));
  return options.all ? pending : pending.slice(0, 1);
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
export { archivedFilePattern, archivedFiles, rejectsFileFor } from './archiveFiles';
export { etlJobName } from './etlLog';
export { validateReadings } from './validate';
export type { Validation, RuleReport } from './validate';
export { formatReport } from './report';
