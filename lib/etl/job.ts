import { basename } from 'node:path';
import pl from 'nodejs-polars';
import { isPipelineError } from '../errors';
import { Logger } from '../log';
import { sensorDataTable, quoteIdentifier } from '../schema';
import { rejectsFileFor } from './archiveFiles';
import { EtlConnection } from './connection';
import { alreadyLoaded, durationSeconds, etlJobName, EtlLogEntry, writeEtlLog } from './etlLog';
import { readingRows } from './readingRows';
import { readReadingsCsv } from './readCsv';
import { formatReport } from './report';
import { EtlJobResult, OnInvalid } from './result';
import { validateReadings } from './validate';

export interface EtlJobOptions {
  onInvalid: OnInvalid;
  force: boolean;
  logger: Logger;
}

/** Carries the counts known when a job fails, so its FAILED row records them. */
class JobFailure extends Error {
  constructor(message: string, readonly recordsRejected: number) {
    super(message);
  }
}

/** Another process loaded the file while this one validated it. */
class LoadedMeanwhile extends Error {}

/**
 * One file: skip if loaded before (unless forced), read, validate, load in one
 * transaction together with its SUCCESS log row. Whatever fails, a FAILED row
 * is written, on a new connection if the old one died.
 */
export async function runEtlJob(path: string, connection: EtlConnection, options: EtlJobOptions): Promise<EtlJobResult> {
  const start = new Date();
  const sourceFile = basename(path);
  const entry = (status: EtlLogEntry['status'], fields: Partial<EtlLogEntry> = {}): EtlLogEntry => ({
    startTime: start, endTime: new Date(), status, recordsProcessed: 0, recordsRejected: 0, sourceFile, ...fields,
  });
  const skip = async (why: string): Promise<EtlJobResult> => {
    const skipped = entry('SKIPPED', { errorMessage: why });
    await writeEtlLog(connection.db, connection.db.engine, skipped);
    return result(skipped, path);
  };
  try {
    const { db } = connection;
    if (!options.force && (await alreadyLoaded(db, db.engine, sourceFile))) return await skip(`${sourceFile} was loaded before; use --force to reload it`);
    const { loaded, rejectsFile } = await validateAndLoad(path, sourceFile, connection, options, entry);
    return result(loaded, path, rejectsFile);
  } catch (error) {
    if (error instanceof LoadedMeanwhile) return skip(`${sourceFile} was loaded by another job meanwhile`);
    const failed = entry('FAILED', {
      recordsRejected: error instanceof JobFailure ? error.recordsRejected : 0,
      errorMessage: describe(error),
    });
    await writeFailure(connection, failed, options.logger);
    return result(failed, path);
  }
}

async function validateAndLoad(
  path: string,
  sourceFile: string,
  connection: EtlConnection,
  options: EtlJobOptions,
  entry: (status: 'SUCCESS', fields: Partial<EtlLogEntry>) => EtlLogEntry,
): Promise<{ loaded: EtlLogEntry; rejectsFile?: string }> {
  const validation = validateReadings(readReadingsCsv(path));
  const rejected = validation.rejected.height;
  if (rejected > 0 && options.onInvalid === 'fail') {
    throw new JobFailure(`validation failed, nothing loaded: ${formatReport(validation.report, validation.total, rejected)}`, rejected);
  }
  const rejectsFile = rejected > 0 ? writeRejects(validation.rejected, rejectsFileFor(path)) : undefined;
  if (rejectsFile) options.logger.warn('etl.rows.quarantined', { file: sourceFile, rejected, rejectsFile, report: formatReport(validation.report, validation.total, rejected) });
  const rows = readingRows(validation.valid, sourceFile);
  const { db } = connection;
  let loaded: EtlLogEntry | undefined;
  try {
    await db.transaction(async (tx) => {
      // Two `iot etl` runs on the same file take turns here; the second sees the first's SUCCESS row.
      await tx.lock(`iot-etl:${sourceFile}`);
      if (!options.force && (await alreadyLoaded(tx, db.engine, sourceFile))) throw new LoadedMeanwhile();
      // --force replaces the file's rows; the same transaction keeps old rows if the reload fails.
      if (options.force) await tx.query(`DELETE FROM ${quoteIdentifier(db.engine, sensorDataTable.name)} WHERE ${quoteIdentifier(db.engine, 'source_file')} = ?`, [sourceFile]);
      if (rows.count > 0) await tx.bulkInsert(sensorDataTable, rows);
      loaded = entry('SUCCESS', { recordsProcessed: rows.count, recordsRejected: rejected });
      await writeEtlLog(tx, db.engine, loaded);
    });
  } catch (error) {
    if (error instanceof LoadedMeanwhile) throw error;
    throw new JobFailure(`load into ${db.engine} at ${db.address} failed, rolled back: ${describe(error)}`, rejected);
  }
  return { loaded: loaded!, rejectsFile };
}

function writeRejects(rejected: pl.DataFrame, file: string): string {
  rejected.writeCSV(file);
  return file;
}

/** The FAILED row must land even when the failure was the connection itself: one retry on a new connection. */
async function writeFailure(connection: EtlConnection, failed: EtlLogEntry, logger: Logger): Promise<void> {
  try {
    await writeEtlLog(connection.db, connection.db.engine, failed);
  } catch (first) {
    logger.warn('etl.log.reconnecting', { reason: describe(first) });
    const db = await connection.reconnect();
    await writeEtlLog(db, db.engine, failed);
  }
}

function result(entry: EtlLogEntry, path: string, rejectsFile?: string): EtlJobResult {
  return {
    jobName: etlJobName,
    status: entry.status,
    recordsProcessed: entry.recordsProcessed,
    recordsRejected: entry.recordsRejected,
    sourceFile: entry.sourceFile,
    durationSeconds: durationSeconds(entry.startTime, entry.endTime),
    errorMessage: entry.errorMessage,
    rejectsFile,
    path,
  };
}

function describe(error: unknown): string {
  if (isPipelineError(error)) return error.hint ? `${error.message} (${error.hint})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
