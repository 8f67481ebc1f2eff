import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseUrl } from '../config/databaseUrl';
import { connectDatabase, Database } from '../db';
import { Logger } from '../log';
import { warehouseViews } from '../notebook/warehouse';

export interface EtlJobRow {
  id: number;
  status: string;
  rows: number;
  rejected: number;
  durationSeconds: number | null;
  startTime: string;
  sourceFile: string | null;
}

export interface EtlHealth {
  jobs: EtlJobRow[];
  /** Why no jobs are shown, when that is not simply "none ran yet". */
  note?: string;
}

const jobsShown = 8;

/**
 * The last ETL jobs from `ETL_Log`, through lib/db (any of the three engines).
 * Read-only: an embedded SQLite warehouse that does not exist yet is not
 * created, and a table the ETL has not created yet means no jobs.
 */
export class EtlHealthCollector {
  private db: Database | undefined;

  constructor(private readonly url: DatabaseUrl, private readonly logger: Logger) {}

  async poll(): Promise<EtlHealth> {
    if (this.url.engine === 'sqlite' && !existsSync(resolve(this.url.file ?? ''))) return { jobs: [], note: 'no warehouse yet: no ETL job has run' };
    try {
      this.db ??= await connectDatabase(this.url, this.logger);
      const rows = await warehouseViews(this.db, this.db.engine).etlLog(jobsShown);
      return { jobs: rows.map(toJob) };
    } catch (error) {
      const message = (error as Error).message;
      if (isMissingTable(error)) return { jobs: [] };
      await this.close();
      return { jobs: [], note: `database not readable: ${message}` };
    }
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    await db?.close().catch(() => undefined);
  }
}

function toJob(row: Record<string, unknown>): EtlJobRow {
  return {
    id: Number(row.id),
    status: String(row.status),
    rows: Number(row.records_processed),
    rejected: Number(row.records_rejected),
    durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
    startTime: row.start_time instanceof Date ? row.start_time.toISOString() : String(row.start_time),
    sourceFile: row.source_file === null ? null : String(row.source_file).split('/').pop() ?? null,
  };
}

/**
 * No ETL_Log table yet: PostgreSQL's SQLSTATE 42P01 and SQL Server's error 208
 * say so by code; better-sqlite3 gives only SQLITE_ERROR, so SQLite's own text is read.
 */
function isMissingTable(error: unknown): boolean {
  const { code, number, message } = error as { code?: unknown; number?: unknown; message?: unknown };
  if (code === '42P01' || number === 208) return true;
  return code === 'SQLITE_ERROR' && typeof message === 'string' && message.startsWith('no such table');
}
