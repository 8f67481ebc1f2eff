import { DatabaseEngine } from '../config/databaseUrl';
import { ServiceError } from '../errors';

export const connectTimeoutMs = 30_000;

const engineNames: Record<DatabaseEngine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', mssql: 'SQL Server' };

const checks: Record<DatabaseEngine, string> = {
  sqlite: 'Check that the folder of the database file exists and is writable, and that no other program holds a lock on it.',
  postgres:
    'Check that the server runs (`npx iot services status postgres`), and the host, port, user, password and database in DATABASE_URL.',
  mssql:
    'Check that SQL Server / Azure SQL answers on that host and port (firewall rules for Azure), the login and database in DATABASE_URL or MSSQL_URL, and ?encrypt=true for Azure.',
};

/** "Could not connect": names the engine and where, says why and what to check. */
export function connectError(engine: DatabaseEngine, address: string, cause: unknown): ServiceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ServiceError(`Could not connect to ${engineNames[engine]} at ${address}: ${reason || 'no answer'}`, {
    code: 'DB_CONNECT_FAILED', retriable: false,
    hint: checks[engine],
    cause,
  });
}

/**
 * Connected once, but the database no longer takes what the ETL must write
 * (the connection broke and the retry failed too): the same code as a failed
 * connect, naming the engine and where, with both failures in the message.
 */
export function databaseUnusable(engine: DatabaseEngine, address: string, reason: string, cause: unknown): ServiceError {
  return new ServiceError(`${engineNames[engine]} at ${address} could not be used: ${reason}`, { code: 'DB_CONNECT_FAILED', retriable: false, hint: checks[engine], cause });
}
