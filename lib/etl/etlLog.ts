import { DatabaseEngine } from '../config/databaseUrl';
import { Queryable } from '../db';
import { EtlJobStatus, etlLogTable, formatTimestamp, quoteIdentifier } from '../schema';

export const etlJobName = 'etl_sensor_data';

export interface EtlLogEntry {
  startTime: Date;
  endTime: Date;
  status: EtlJobStatus;
  recordsProcessed: number;
  recordsRejected: number;
  sourceFile: string;
  errorMessage?: string;
}

const columns = ['job_name', 'start_time', 'end_time', 'status', 'records_processed', 'records_rejected', 'source_file', 'error_message', 'duration_seconds'];

/** One ETL_Log row; SUCCESS rows are written inside the load's transaction, so rows and log commit together. */
export async function writeEtlLog(db: Queryable, engine: DatabaseEngine, entry: EtlLogEntry): Promise<void> {
  const table = quoteIdentifier(engine, etlLogTable.name);
  const names = columns.map((column) => quoteIdentifier(engine, column)).join(', ');
  await db.query(`INSERT INTO ${table} (${names}) VALUES (${columns.map(() => '?').join(', ')})`, [
    etlJobName,
    formatTimestamp(entry.startTime),
    formatTimestamp(entry.endTime),
    entry.status,
    entry.recordsProcessed,
    entry.recordsRejected,
    entry.sourceFile,
    entry.errorMessage ?? null,
    durationSeconds(entry.startTime, entry.endTime),
  ]);
}

/** True when a job loaded this file before (a SUCCESS row for it). */
export async function alreadyLoaded(db: Queryable, engine: DatabaseEngine, sourceFile: string): Promise<boolean> {
  const q = (name: string) => quoteIdentifier(engine, name);
  const rows = await db.query<{ loaded: number }>(
    `SELECT COUNT(*) AS loaded FROM ${q(etlLogTable.name)} WHERE ${q('source_file')} = ? AND ${q('status')} = ?`,
    [sourceFile, 'SUCCESS'],
  );
  return Number(rows[0]?.loaded ?? 0) > 0;
}

/** The source files with a SUCCESS row: the archive files still to load are the others. */
export async function loadedFiles(db: Queryable, engine: DatabaseEngine): Promise<Set<string>> {
  const q = (name: string) => quoteIdentifier(engine, name);
  const rows = await db.query<{ source_file: string }>(
    `SELECT DISTINCT ${q('source_file')} AS source_file FROM ${q(etlLogTable.name)} WHERE ${q('status')} = ?`,
    ['SUCCESS'],
  );
  return new Set(rows.map((row) => row.source_file));
}

export function durationSeconds(start: Date, end: Date): number {
  return Math.round(end.getTime() - start.getTime()) / 1000;
}
