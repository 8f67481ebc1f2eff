import { basename } from 'node:path';
import { DatabaseEngine } from '../config/databaseUrl';
import { databaseUnusable, Queryable, Transaction } from '../db';
import { isPipelineError } from '../errors';
import { Logger, progressReporter } from '../log';
import { OutputKind, quoteIdentifier, readingsOutput, sensorDataTable } from '../schema';
import { rejectsFileFor } from './archiveFiles';
import { EtlConnection } from './connection';
import { readingChunks } from './csvChunks';
import { checkArchiveCsv } from './csvInput';
import { describeError, durationSeconds, EtlLogEntry, loadsOf, logMessage, writeEtlLog } from './etlLog';
import { FileIdentity, fileIdentity } from './fileIdentity';
import { loadOutputRows, validateOutputArchive } from './outputLoad';
import { formatOutputReport } from './outputRows';
import { readingRows } from './readingRows';
import { RejectsFile } from './rejectsFile';
import { releaseNativeMemory } from './releaseNativeMemory';
import { formatReport } from './report';
import { EtlJobResult, OnInvalid } from './result';
import { mergeReports, RuleReport, validateReadings } from './validate';

export interface EtlJobOptions {
  /** What the archive holds (readings, window rows, alert events); default readings. */
  kind?: OutputKind;
  onInvalid: OnInvalid;
  force: boolean;
  logger: Logger;
  /** The file's identity when the caller hashed it already (choosing what to load). */
  source?: FileIdentity;
  /** The run failed before this job could start (its schema migration): the job ends FAILED with this, nothing loaded. */
  failedBefore?: string;
}

/** Carries the counts known when a job fails, so its FAILED row records them. */
class JobFailure extends Error {
  constructor(message: string, readonly recordsRejected: number) {
    super(message);
  }
}

/** Another process loaded the same content while this one waited for the lock. */
class LoadedMeanwhile extends Error {}

/**
 * One file: skip if its content was loaded before (unless forced), then read,
 * validate and load it chunk by chunk in one transaction together with its
 * SUCCESS log row. Whatever fails, a FAILED row is written, on a new
 * connection if the old one died.
 */
export async function runEtlJob(path: string, connection: EtlConnection, options: EtlJobOptions): Promise<EtlJobResult> {
  const start = new Date();
  const sourceFile = basename(path);
  const kind = options.kind ?? readingsOutput;
  let source = options.source;
  const entry = (status: EtlLogEntry['status'], fields: Partial<EtlLogEntry> = {}): EtlLogEntry => ({
    jobName: kind.jobName, startTime: start, endTime: new Date(), status, recordsProcessed: 0, recordsRejected: 0, sourceFile, source, ...fields,
    ...(fields.errorMessage === undefined ? {} : { errorMessage: logMessage(fields.errorMessage) }),
  });
  const skip = async (why: string): Promise<EtlJobResult> => {
    const skipped = entry('SKIPPED', { errorMessage: why });
    await writeEtlLog(connection.db, connection.db.engine, skipped);
    return result(skipped, path);
  };
  try {
    if (options.failedBefore) throw new JobFailure(options.failedBefore, 0);
    const headerBytes = checkArchiveCsv(path, kind);
    source ??= await fileIdentity(path);
    const { db } = connection;
    const [before] = options.force ? [] : await loadsOf(db, db.engine, sourceFile, source);
    if (before) return await skip(skippedBecause(source, before.source_file));
    const { loaded, rejectsFile } = await validateAndLoad({ path, sourceFile, source, headerBytes, kind }, connection, options, entry);
    return result(loaded, path, rejectsFile);
  } catch (caught) {
    let error = caught;
    if (error instanceof LoadedMeanwhile) {
      try {
        return await skip(`${skippedBecause(source!, sourceFile)} (by another job meanwhile)`);
      } catch (skipError) {
        error = skipError;
      }
    }
    const failed = entry('FAILED', {
      recordsRejected: error instanceof JobFailure ? error.recordsRejected : 0,
      errorMessage: describeError(error),
    });
    await writeFailure(connection, failed, options.logger);
    return result(failed, path);
  }
}

function skippedBecause(source: FileIdentity, loadedAs: string): string {
  return `the same content (sha256 ${source.sha256.slice(0, 12)}…, ${source.bytes} bytes) was loaded before as ${loadedAs}; use --force to reload it`;
}

interface SourceFile {
  path: string;
  sourceFile: string;
  source: FileIdentity;
  headerBytes: number;
  kind: OutputKind;
}

/** What a load did inside its transaction, for the SUCCESS row. */
interface LoadCounts {
  processed: number;
  rejected: number;
}

/**
 * Validation runs chunk by chunk inside the load's transaction: valid rows of
 * each chunk are inserted as it goes, so memory stays at a chunk's worth.
 * In fail mode the first invalid row stops the inserts (the rest is still
 * validated, for the report) and the transaction rolls back: all or nothing.
 */
async function validateAndLoad(
  file: SourceFile,
  connection: EtlConnection,
  options: EtlJobOptions,
  entry: (status: 'SUCCESS', fields: Partial<EtlLogEntry>) => EtlLogEntry,
): Promise<{ loaded: EtlLogEntry; rejectsFile?: string }> {
  const { db } = connection;
  const rejects = new RejectsFile(rejectsFileFor(file.path));
  try {
    const outcome = await db.transaction(async (tx) => {
      // Two `iot etl` runs on the same content take turns here; the second sees the first's SUCCESS row.
      await tx.lock(`iot-etl:${file.source.sha256}`);
      const loads = await loadsOf(tx, db.engine, file.sourceFile, file.source);
      if (!options.force && loads.length > 0) throw new LoadedMeanwhile();
      // --force replaces the rows of this content only; the same transaction keeps them if the reload fails.
      const counts = file.kind === readingsOutput
        ? await loadReadings(tx, db.engine, file, options, rejects, options.force ? loads.map((load) => load.source_file) : undefined)
        : await loadOutput(tx, db.engine, file, options, rejects);
      const loaded = entry('SUCCESS', { recordsProcessed: counts.processed, recordsRejected: counts.rejected });
      await writeEtlLog(tx, db.engine, loaded);
      return loaded;
    });
    return { loaded: outcome, rejectsFile: rejects.finish() };
  } catch (error) {
    rejects.abort();
    if (error instanceof LoadedMeanwhile || error instanceof JobFailure || isPipelineError(error)) throw error;
    throw new JobFailure(`load into ${db.engine} at ${db.address} failed, rolled back: ${describeError(error)}`, 0);
  }
}

/** The readings: valid rows of each chunk go in as it is validated; --force first deletes the rows of this content (loaded under `forcedOver`). */
async function loadReadings(tx: Transaction, engine: DatabaseEngine, file: SourceFile, options: EtlJobOptions, rejects: RejectsFile, forcedOver?: string[]): Promise<LoadCounts> {
  if (forcedOver) await deleteRowsOf(tx, engine, file, forcedOver);
  let report: RuleReport[] = [];
  let total = 0;
  let rejected = 0;
  let processed = 0;
  const progress = progressReporter({ label: `etl ${file.sourceFile}`, total: file.source.bytes, unit: 'bytes', logger: options.logger });
  for (const chunk of readingChunks(file.path, file.headerBytes)) {
    progress.update(chunk.endByte);
    const validation = validateReadings(chunk.frame, chunk.firstLine);
    total += validation.total;
    rejected += validation.rejectedRows;
    report = mergeReports(report, validation.report);
    if (options.onInvalid === 'quarantine') rejects.add(validation.rejected);
    const failing = options.onInvalid === 'fail' && report.length > 0;
    if (!failing && validation.valid.height > 0) processed += await tx.bulkInsert(sensorDataTable, readingRows(validation.valid, file.sourceFile, file.source.sha256));
    await releaseNativeMemory();
  }
  progress.finish();
  rejectedOrFail(rejected, options, file, () => formatReport(report, total, rejected), rejects);
  return { processed, rejected };
}

/** Window rows or alert events: a few per sensor and minute, validated whole, loaded, and their combined rows rebuilt. */
async function loadOutput(tx: Transaction, engine: DatabaseEngine, file: SourceFile, options: EtlJobOptions, rejects: RejectsFile): Promise<LoadCounts> {
  const validation = validateOutputArchive(file.path, file.kind);
  const rejected = validation.rejected.length;
  const total = rejected + validation.valid.length;
  if (options.onInvalid === 'quarantine') rejects.addRows(file.kind.columns, validation.rejected.map((row) => ({ line: row.line, ...row.cells, reason: row.reasons.join(';') })));
  rejectedOrFail(rejected, options, file, () => formatOutputReport(validation.rejected, total), rejects);
  const load = await loadOutputRows(tx, engine, file.kind, validation.valid, { file: file.sourceFile, sha256: file.source.sha256 }, options.force);
  if (load.alreadyLoaded > 0) options.logger.warn('etl.events.already_loaded', { file: file.sourceFile, events: load.alreadyLoaded, note: 'the same raise or clear was loaded from another archive; kept once' });
  return { processed: load.loaded, rejected };
}

/** Fail mode: any invalid row fails the job (nothing loaded). Quarantine mode: the rows are in the rejects file, and the log says so. */
function rejectedOrFail(rejected: number, options: EtlJobOptions, file: SourceFile, report: () => string, rejects: RejectsFile): void {
  if (rejected === 0) return;
  if (options.onInvalid === 'fail') throw new JobFailure(`validation failed, nothing loaded: ${report()}`, rejected);
  options.logger.warn('etl.rows.quarantined', { file: file.sourceFile, rejected, rejectsFile: rejects.path, report: logMessage(report()) });
}

/**
 * Rows of this content. They are found through the indexed file name first
 * (a content keeps the name it was loaded under), then told apart by hash, so
 * sensor_data needs no second index of 64-character keys on every row. Rows
 * loaded before schema version 2 have no hash and go by the name alone.
 */
async function deleteRowsOf(tx: Queryable, engine: DatabaseEngine, file: SourceFile, loadedAs: string[]): Promise<void> {
  const q = (name: string) => quoteIdentifier(engine, name);
  for (const name of new Set([file.sourceFile, ...loadedAs])) {
    await tx.query(
      `DELETE FROM ${q(sensorDataTable.name)} WHERE ${q('source_file')} = ? AND (${q('source_sha256')} = ? OR ${q('source_sha256')} IS NULL)`,
      [name, file.source.sha256],
    );
  }
}

/**
 * The FAILED row must land even when the failure was the connection itself:
 * one retry on a new connection. A database that takes neither is
 * DB_CONNECT_FAILED naming it, with the job's own failure in the message.
 */
async function writeFailure(connection: EtlConnection, failed: EtlLogEntry, logger: Logger): Promise<void> {
  try {
    await writeEtlLog(connection.db, connection.db.engine, failed);
  } catch (first) {
    logger.warn('etl.log.reconnecting', { reason: logMessage(describeError(first)) });
    const db = await connection.reconnect();
    try {
      await writeEtlLog(db, db.engine, failed);
    } catch (again) {
      throw databaseUnusable(db.engine, db.address, `${failed.sourceFile} FAILED (${failed.errorMessage}), and its ETL_Log row could not be written: ${describeError(again)}`, again);
    }
  }
}

function result(entry: EtlLogEntry, path: string, rejectsFile?: string): EtlJobResult {
  return {
    jobName: entry.jobName,
    status: entry.status,
    recordsProcessed: entry.recordsProcessed,
    recordsRejected: entry.recordsRejected,
    sourceFile: entry.sourceFile,
    sourceSha256: entry.source?.sha256,
    durationSeconds: durationSeconds(entry.startTime, entry.endTime),
    errorMessage: entry.errorMessage,
    rejectsFile,
    path,
  };
}

