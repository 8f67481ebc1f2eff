import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import sql from 'mssql';
import { DatabaseEngine, parseDatabaseUrl } from '../../../lib/config/databaseUrl';
import { connectDatabase, Database } from '../../../lib/db';
import { mssqlConfig } from '../../../lib/db/mssqlUrl';
import { silentLogger } from '../../../lib/log';
import { quoteIdentifier } from '../../../lib/schema';
import { scratchDir } from '..';
import { waitFor } from '../../../lib/process';

/** An empty database of one engine, for one test. */
export interface TestDatabase {
  url: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/**
 * One engine the contract suite runs against: how to get a fresh database,
 * and how to break a load while it runs (a killed connection where the engine
 * has sessions to kill; for SQLite, which has none, a trigger that raises
 * once `afterRows` rows are in, so the load really fails deep inside its transaction).
 */
export interface ContractEngine {
  engine: DatabaseEngine;
  freshDatabase(): Promise<TestDatabase>;
  breakLoad(database: TestDatabase, afterRows: number): Promise<LoadBreaker>;
}

export interface LoadBreaker {
  /** Runs beside the load; true once it broke it (a session killed). Absent where the break is set up in advance (SQLite). */
  whileLoading?: () => Promise<boolean>;
  /** What the FAILED job's error message says when this break, and nothing else, failed it. */
  cause: RegExp;
}

/** An engine this machine cannot test against, and why (reported as a skip). */
export interface UnavailableEngine {
  engine: DatabaseEngine;
  reason: string;
}

/** SQLite always; PostgreSQL from the runner's TEST_POSTGRES_URL; SQL Server when MSSQL_URL is set. */
export function contractEngines(): { available: ContractEngine[]; unavailable: UnavailableEngine[] } {
  const available: ContractEngine[] = [sqliteEngine];
  const unavailable: UnavailableEngine[] = [];
  if (process.env.TEST_POSTGRES_URL) available.push(postgresEngine(process.env.TEST_POSTGRES_URL));
  else unavailable.push({ engine: 'postgres', reason: postgresMissing });
  if (process.env.MSSQL_URL) available.push(mssqlEngine(process.env.MSSQL_URL));
  else unavailable.push({ engine: 'mssql', reason: 'MSSQL_URL is not set: point it at a SQL Server / Azure SQL database to run the SQL Server specs' });
  return { available, unavailable };
}

export const postgresMissing = 'TEST_POSTGRES_URL is not set: run through `make test` (scripts/test.ts), which starts PostgreSQL';

const open = (url: string) => connectDatabase(parseDatabaseUrl(url), silentLogger);
const uniqueName = () => `iot_test_${Date.now()}_${randomBytes(3).toString('hex')}`;

const sqliteEngine: ContractEngine = {
  engine: 'sqlite',
  async freshDatabase() {
    const scratch = scratchDir('iot-contract-sqlite-');
    const url = `sqlite:${join(scratch.dir, 'warehouse.db')}`;
    return { url, open: () => open(url), cleanup: async () => scratch.cleanup() };
  },
  async breakLoad(database, afterRows) {
    // No second session can kill SQLite's connection: the load's own inserts hit a trigger once afterRows rows are in.
    // The database is fresh, so rowids count the rows this load inserted.
    const rows = Math.trunc(afterRows);
    const db = await database.open();
    await db.migrate();
    await db.query(`CREATE TRIGGER fail_mid_load AFTER INSERT ON sensor_data WHEN NEW.rowid > ${rows} BEGIN SELECT RAISE(ABORT, 'injected failure after ${rows} rows'); END`);
    await db.close();
    return { cause: new RegExp(`injected failure after ${rows} rows`) };
  },
};

function postgresEngine(adminUrl: string): ContractEngine {
  return {
    engine: 'postgres',
    async freshDatabase() {
      const name = uniqueName();
      await withPg(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier('postgres', name)}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        open: () => open(url.toString()),
        cleanup: () => withPg(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier('postgres', name)} WITH (FORCE)`)).then(() => undefined),
      };
    },
    async breakLoad(database) {
      // Terminates the ETL's backend from a second session as soon as its COPY runs.
      const whileLoading = () => pollUntil(async () => {
        const killed = await withPg(database.url, (client) =>
          client.query(`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'iot-etl' AND query ILIKE 'COPY%' AND state = 'active'`));
        return killed.rows.some((row) => row.killed === true);
      });
      return { whileLoading, cause: /terminat|connection/i };
    },
  };
}

function mssqlEngine(adminUrl: string): ContractEngine {
  return {
    engine: 'mssql',
    async freshDatabase() {
      const name = uniqueName();
      await withMssql(adminUrl, (pool) => pool.request().query(`CREATE DATABASE ${quoteIdentifier('mssql', name)}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        open: () => open(url.toString()),
        cleanup: () => withMssql(adminUrl, (pool) => pool.request().query(
          `ALTER DATABASE ${quoteIdentifier('mssql', name)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ${quoteIdentifier('mssql', name)}`)).then(() => undefined),
      };
    },
    async breakLoad(database) {
      const whileLoading = () => pollUntil(async () => {
        const sessions = await withMssql(database.url, (pool) => pool.request().query(
          `SELECT r.session_id FROM sys.dm_exec_requests r JOIN sys.dm_exec_sessions s ON s.session_id = r.session_id WHERE s.program_name = 'iot-etl' AND r.command LIKE 'BULK%'`));
        const ids = (sessions.recordset as Array<{ session_id: number }>).map((row) => Number(row.session_id)).filter(Number.isInteger);
        // KILL takes no parameters; the ids are integers read from the server.
        for (const id of ids) await withMssql(database.url, (pool) => pool.request().query(`KILL ${id}`));
        return ids.length > 0;
      });
      return { whileLoading, cause: /connection|closed|kill|severe/i };
    },
  };
}

async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withMssql<T>(url: string, work: (pool: sql.ConnectionPool) => Promise<T>): Promise<T> {
  const pool = await new sql.ConnectionPool({ ...mssqlConfig(url), options: { ...mssqlConfig(url).options, appName: 'iot-contract-test' } }).connect();
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/** Polls every 20 ms for up to 60 s; true once `attempt` succeeded. */
function pollUntil(attempt: () => Promise<boolean>): Promise<boolean> {
  return waitFor(attempt, { timeoutMs: 60_000, intervalMs: 20 });
}
