import { DatabaseUrl } from '../config/databaseUrl';
import { Logger } from '../log';
import { Database } from './database';
import { connectMssql } from './mssql';
import { connectPostgres } from './postgres';
import { connectSqlite } from './sqlite';

/**
 * Connects to the database DATABASE_URL names, within 30 s or a ServiceError
 * naming the engine, the host and what to check. Callers run `migrate()`
 * before writing and `close()` when done.
 */
export async function connectDatabase(url: DatabaseUrl, logger: Logger): Promise<Database> {
  if (url.engine === 'sqlite') return connectSqlite(url);
  if (url.engine === 'postgres') return connectPostgres(url, logger);
  return connectMssql(url, logger);
}

export type { Database, Transaction, BulkRows, Queryable, Row, SqlValue } from './database';
export { migrations, migrationLockKey } from './migrate';
export { connectTimeoutMs } from './connectError';
