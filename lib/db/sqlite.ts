import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseUrl } from '../config/databaseUrl';
import { formatTimestamp, quoteIdentifier, TableSpec } from '../schema';
import { connectError } from './connectError';
import { BulkRows, Database, Row, SqlValue, Transaction } from './database';
import { applyMigrations } from './migrate';
import { retry, retryPolicies } from '../process';

/** Rows per multi-row INSERT: fewer statement runs, within SQLite's 32766 bound parameters. */
const rowsPerStatement = 500;
const newDatabasePageSize = 16_384;

/** The embedded engine: a file, one connection, prepared statements inside a transaction. */
export async function connectSqlite(url: DatabaseUrl): Promise<Database> {
  const file = resolve(url.file ?? 'data/warehouse.db');
  let db: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new BetterSqlite3(file, { timeout: 30_000 });
    // Only a new, empty file takes it (before WAL): 16 KiB pages make the B-trees of sensor_data and its three
    // indexes shallower and a bulk load's page writes fewer; an existing database keeps its page size.
    db.pragma(`page_size = ${newDatabasePageSize}`);
    await useWriteAheadLog(db);
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    throw connectError('sqlite', file, error);
  }
  const query = async <T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> => {
    const statement = db.prepare(sql);
    const bound = params.map(sqliteValue);
    if (statement.reader) return statement.all(...bound) as T[];
    statement.run(...bound);
    return [];
  };
  // BEGIN IMMEDIATE takes the database's write lock: transactions already take turns.
  const tx: Transaction = { query, bulkInsert: async (table, rows) => bulkInsert(db, table, rows), lock: async () => undefined };
  const database: Database = {
    engine: 'sqlite',
    address: file,
    query,
    migrate: () => applyMigrations(database, () => formatTimestamp(new Date())),
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return database;
}

/**
 * Two processes opening a new database at once both switch it to WAL; SQLite
 * answers SQLITE_BUSY at once, without its busy timeout, to the one whose lock
 * upgrade could deadlock, so that one tries again.
 */
async function useWriteAheadLog(db: BetterSqlite3.Database): Promise<void> {
  await retry(async () => { db.pragma('journal_mode = WAL'); }, {
    policy: retryPolicies.sqliteBusy, maxRetries: 50, retriable: (error) => (error as { code?: string }).code === 'SQLITE_BUSY',
  });
}

function bulkInsert(db: BetterSqlite3.Database, table: TableSpec, rows: BulkRows): number {
  const columns = rows.columns.map((column) => quoteIdentifier('sqlite', column)).join(', ');
  const tuple = `(${rows.columns.map(() => '?').join(', ')})`;
  const insert = (count: number) =>
    db.prepare(`INSERT INTO ${quoteIdentifier('sqlite', table.name)} (${columns}) VALUES ${Array(count).fill(tuple).join(', ')}`);
  const full = insert(rowsPerStatement);
  const values = rows.values();
  const width = values.length;
  const params: SqlValue[] = new Array(width * rowsPerStatement);
  for (let start = 0; start < rows.count; start += rowsPerStatement) {
    const count = Math.min(rowsPerStatement, rows.count - start);
    const statement = count === rowsPerStatement ? full : insert(count);
    params.length = width * count;
    for (let row = 0; row < count; row++) {
      for (let column = 0; column < width; column++) params[row * width + column] = values[column][start + row];
    }
    statement.run(params);
  }
  return rows.count;
}

/** better-sqlite3 binds numbers, strings, null and buffers; dates and booleans get the schema's forms. */
function sqliteValue(value: SqlValue): SqlValue {
  if (value instanceof Date) return formatTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
