import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import sql from 'mssql';
import { DatabaseEngine, parseDatabaseUrl } from '../../config/databaseUrl';
import { connectDatabase, Database } from '../../db';
import { mssqlConfig } from '../../db/mssqlUrl';
import { silentLogger } from '../../log';
import { quoteIdentifier } from '../../schema';
import { scratchDir } from '../../testing';
import { waitFor } from '../../process';

/** An empty database of one engine, for one test. */
export interface TestDatabase {
  url: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/**
 * One engine the contract suite runs against: how to get a fresh database,
 * and how to break a load while it runs (a killed connection where the engine
 * has sessions to kill; for SQLite, which has none, a row that fails mid-load).
 */
export interface ContractEngine {
  engine: DatabaseEngine;
  freshDatabase(): Promise<TestDatabase>;
  /** Resolves once it broke the running load; `poison` is the sensor_id of a row the load must fail on (SQLite). */
  breakLoad(database: TestDatabase, poison: number): Promise<() => Promise<boolean>>;
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
  async breakLoad(database, poison) {
    // No second session can kill SQLite's connection; a row that fails deep inside the load is the same test of the rollback.
    const db = await database.open();
    await db.migrate();
    await db.query(`CREATE TRIGGER fail_mid_load BEFORE INSERT ON sensor_data WHEN NEW.sensor_id = ${Number(poison)} BEGIN SELECT RAISE(ABORT, 'injected failure mid-load'); END`);
    await db.close();
    return async () => true;
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
      return () => pollUntil(async () => {
        const killed = await withPg(database.url, (client) =>
          client.query(`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'iot-etl' AND query ILIKE 'COPY%' AND state = 'active'`));
        return killed.rows.some((row) => row.killed === true);
      });
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
      return () => pollUntil(async () => {
        const sessions = await withMssql(database.url, (pool) => pool.request().query(
          `SELECT r.session_id FROM sys.dm_exec_requests r JOIN sys.dm_exec_sessions s ON s.session_id = r.session_id WHERE s.program_name = 'iot-etl' AND r.command LIKE 'BULK%'`));
        const ids = (sessions.recordset as Array<{ session_id: number }>).map((row) => Number(row.session_id)).filter(Number.isInteger);
        // KILL takes no parameters; the ids are integers read from the server.
        for (const id of ids) await withMssql(database.url, (pool) => pool.request().query(`KILL ${id}`));
        return ids.length > 0;
      });
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
