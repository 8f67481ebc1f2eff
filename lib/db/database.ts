import { DatabaseEngine } from '../config/databaseUrl';
import { TableSpec } from '../schema';

/** A value bound to a `?` placeholder; never pasted into SQL text. */
export type SqlValue = string | number | boolean | null | Date;

export type Row = Record<string, unknown>;

/**
 * Rows for a bulk load, column by column as polars hands them over: `columns`
 * name the table's columns in order, `values[i]` holds column i's values, and
 * `csv` is the same rows as RFC 4180 CSV without a header (PostgreSQL COPY
 * streams it as is instead of re-encoding a million values).
 */
export interface BulkRows {
  columns: readonly string[];
  count: number;
  values(): ReadonlyArray<ArrayLike<SqlValue>>;
  csv(): Buffer;
}

/** What a transaction can do: statements and the engine's bulk path. */
export interface Queryable {
  /** `sql` uses `?` placeholders, bound in order from `params`. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

export interface Transaction extends Queryable {
  /** The engine's fastest insert path for `rows` into `table` (a TableSpec from lib/schema, never input). */
  bulkInsert(table: TableSpec, rows: BulkRows): Promise<number>;
  /**
   * Holds a lock named `key` until the transaction ends, so two processes
   * working on the same thing (e.g. loading the same file) take turns.
   */
  lock(key: string): Promise<void>;
}

/** One interface over SQLite, PostgreSQL and SQL Server; lib/db/index.ts picks the adapter from DATABASE_URL. */
export interface Database extends Queryable {
  readonly engine: DatabaseEngine;
  /** Where it points, password redacted: for logs and error messages. */
  readonly address: string;
  /** Creates the pipeline's tables and indexes that are missing, recording each schema version applied. */
  migrate(): Promise<number>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
