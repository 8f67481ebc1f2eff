import { DatabaseEngine } from '../config/databaseUrl';
import { Queryable } from '../db';
import { cutText, errorMessageMax, isPipelineError, redactSecrets } from '../errors';
import { EtlJobStatus, etlLogTable, formatTimestamp, quoteIdentifier, readingsOutput } from '../schema';
import { FileIdentity } from './fileIdentity';

/** The readings' job; window rows and alert events have their own (lib/schema/outputKinds.ts: etl_sensor_window, etl_sensor_alert). */
export const etlJobName = readingsOutput.jobName;

export interface EtlLogEntry {
  /** One ETL_Log row per loaded archive: its kind's job name. */
  jobName: string;
  startTime: Date;
  endTime: Date;
  status: EtlJobStatus;
  recordsProcessed: number;
  recordsRejected: number;
  sourceFile: string;
  /** Known once the file was read; a job that failed before (a missing file) has none. */
  source?: FileIdentity;
  errorMessage?: string;
}

const columns = ['job_name', 'start_time', 'end_time', 'status', 'records_processed', 'records_rejected', 'source_file', 'error_message', 'duration_seconds', 'source_sha256', 'source_bytes'];

/** An error_message as stored and shown: passwords out, at most 4,000 characters with the cut marked. */
export function logMessage(text: string): string {
  return cutText(redactSecrets(text), errorMessageMax);
}

/** An error as an error_message says it: a pipeline error with its hint, any other by its message. */
export function describeError(error: unknown): string {
  if (isPipelineError(error)) return error.hint ? `${error.message} (${error.hint})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** One ETL_Log row; SUCCESS rows are written inside the load's transaction, so rows and log commit together. */
export async function writeEtlLog(db: Queryable, engine: DatabaseEngine, entry: EtlLogEntry): Promise<void> {
  const table = quoteIdentifier(engine, etlLogTable.name);
  const names = columns.map((column) => quoteIdentifier(engine, column)).join(', ');
  await db.query(`INSERT INTO ${table} (${names}) VALUES (${columns.map(() => '?').join(', ')})`, [
    entry.jobName,
    formatTimestamp(entry.startTime),
    formatTimestamp(entry.endTime),
    entry.status,
    entry.recordsProcessed,
    entry.recordsRejected,
    entry.sourceFile,
    entry.errorMessage === undefined ? null : logMessage(entry.errorMessage),
    durationSeconds(entry.startTime, entry.endTime),
    entry.source?.sha256 ?? null,
    entry.source?.bytes ?? null,
  ]);
}

/**
 * The SUCCESS rows that loaded this content: the same SHA-256, or, for rows
 * written before schema version 2 (no hash), the same file name.
 */
export async function loadsOf(db: Queryable, engine: DatabaseEngine, sourceFile: string, source: FileIdentity): Promise<Array<{ source_file: string }>> {
  const q = (name: string) => quoteIdentifier(engine, name);
  return db.query<{ source_file: string }>(
    `SELECT ${q('source_file')} AS source_file FROM ${q(etlLogTable.name)} WHERE ${q('status')} = ? AND (${q('source_sha256')} = ? OR (${q('source_sha256')} IS NULL AND ${q('source_file')} = ?))`,
    ['SUCCESS', source.sha256, sourceFile],
  );
}

/** What SUCCESS rows loaded: contents by SHA-256, and the names of files loaded before hashes were recorded. */
export interface LoadedContent {
  hashes: Set<string>;
  legacyNames: Set<string>;
}

export async function loadedContent(db: Queryable, engine: DatabaseEngine): Promise<LoadedContent> {
  const q = (name: string) => quoteIdentifier(engine, name);
  const rows = await db.query<{ source_file: string; source_sha256: string | null }>(
    `SELECT DISTINCT ${q('source_file')} AS source_file, ${q('source_sha256')} AS source_sha256 FROM ${q(etlLogTable.name)} WHERE ${q('status')} = ?`,
    ['SUCCESS'],
  );
  return {
    hashes: new Set(rows.flatMap((row) => (row.source_sha256 ? [row.source_sha256] : []))),
    legacyNames: new Set(rows.flatMap((row) => (row.source_sha256 ? [] : [row.source_file]))),
  };
}

export function durationSeconds(start: Date, end: Date): number {
  return Math.round(end.getTime() - start.getTime()) / 1000;
}
