import { DatabaseUrl } from '../config/databaseUrl';
import { Logger } from '../log';
import { Database } from './database';

/**
 * Connects to the database DATABASE_URL names, within 30 s or a ServiceError
 * naming the engine, the host and what to check. Callers run `migrate()`
 * before writing and `close()` when done. Each engine's driver is loaded
 * only when that engine is used: mssql alone (tedious, @azure/identity)
 * adds ~40 MB to a process that never talks to SQL Server.
 */
export async function connectDatabase(url: DatabaseUrl, logger: Logger): Promise<Database> {
  if (url.engine === 'sqlite') return (await import('./sqlite')).connectSqlite(url);
  if (url.engine === 'postgres') return (await import('./postgres')).connectPostgres(url, logger);
  return (await import('./mssql')).connectMssql(url, logger);
}

export type { Database, Transaction, BulkRows, Queryable, Row, SqlValue } from './database';
export { migrations, migrationLockKey } from './migrate';
export { connectTimeoutMs, databaseUnusable } from './connectError';
