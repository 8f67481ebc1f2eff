import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import sql from 'mssql';
import { DatabaseEngine, parseDatabaseUrl } from '../../../lib/config/databaseUrl';
import { connectDatabase, Database, migrationLockKey, migrations } from '../../../lib/db';
import { mssqlConfig } from '../../../lib/db/mssqlUrl';
import { silentLogger } from '../../../lib/log';
import { migrationTable, quoteIdentifier } from '../../../lib/schema';
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
  /** `kill`: the ETL's session dies, the database stays; `drop`: the database goes with it. */
  breakMigration(database: TestDatabase, how: 'kill' | 'drop'): Promise<MigrationBreaker>;
}

/**
 * How a spec breaks `iot etl` in its schema-migration step, and what must come
 * of it: a FAILED job with its ETL_Log row (the database still answers) or
 * DB_CONNECT_FAILED (it does not, or cannot take the schema).
 */
export interface MigrationBreaker {
  /** Runs beside `iot etl`: holds the migration lock, kills the ETL's session while it waits, then lets go; true once it killed one. */
  whileMigrating?: () => Promise<boolean>;
  outcome: 'FAILED' | 'DB_CONNECT_FAILED';
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
  async breakMigration(database) {
    // SQLite has no session to kill: a schema_migrations table of another shape makes every migration attempt fail.
    const db = await database.open();
    await db.query(`CREATE TABLE ${quoteIdentifier('sqlite', migrationTable.name)} (note TEXT)`);
    await db.close();
    return { outcome: 'DB_CONNECT_FAILED' };
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
    async breakMigration(database, how) {
      // The test's session holds the migration's advisory lock, so the ETL waits inside its migration until broken.
      const whileMigrating = () => withPg(database.url, async (holder) => {
        await holder.query('SELECT pg_advisory_lock(hashtext($1))', [migrationLockKey]);
        return pollUntil(async () => {
          const waiting = await holder.query(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'iot-etl' AND datname = current_database() AND wait_event_type = 'Lock'`);
          if (waiting.rows.length === 0) return false;
          if (how === 'drop') await database.cleanup();
          else await holder.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])', [waiting.rows.map((row) => row.pid)]);
          return true;
        });
      });
      return { whileMigrating, outcome: how === 'drop' ? 'DB_CONNECT_FAILED' : 'FAILED' };
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
      return { url: url.toString(), open: () => open(url.toString()), cleanup: () => dropMssqlDatabase(adminUrl, name) };
    },
    async breakLoad(database) {
      // The load is the ETL's first transaction after its migration committed; sys.dm_exec_sessions alone tells it apart.
      const whileLoading = () => pollUntil(async () => (await migrationsCommitted(database.url)) && (await killEtlSessionsInTransaction(database.url)) > 0);
      return { whileLoading, cause: /ECONNRESET|EPIPE|socket hang up|connection (is )?(lost|closed)|kill|severe/i };
    },
    async breakMigration(database, how) {
      // The test's session holds the migration's applock, so the ETL waits inside its migration transaction until broken.
      const whileMigrating = () => withMssql(database.url, async (holder) => {
        await holder.request().input('key', sql.NVarChar(255), migrationLockKey)
          .query("EXEC sp_getapplock @Resource = @key, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000");
        if (how === 'kill') return pollUntil(async () => (await killEtlSessionsInTransaction(database.url)) > 0);
        return pollUntil(async () => {
          if ((await etlSessionsInTransaction(holder)).length === 0) return false;
          await database.cleanup();
          return true;
        });
      });
      return { whileMigrating, outcome: how === 'drop' ? 'DB_CONNECT_FAILED' : 'FAILED' };
    },
  };
}

/**
 * Azure SQL Database and other TDS servers refuse ALTER DATABASE … SET
 * SINGLE_USER: the scratch database's own sessions (sys.dm_exec_sessions by
 * database) are ended one by one instead, then it is dropped.
 */
async function dropMssqlDatabase(adminUrl: string, name: string): Promise<void> {
  await withMssql(adminUrl, async (pool) => {
    // KILL returns before the session is gone on some servers (Babelfish): kill until none is left, then drop.
    const ended = await waitFor(async () => {
      const sessions = await pool.request().input('name', sql.NVarChar(128), name)
        .query('SELECT session_id FROM sys.dm_exec_sessions WHERE database_id = DB_ID(@name) AND session_id <> @@SPID');
      return (await killSessions(pool, sessions.recordset)) === 0;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    if (!ended) throw new Error(`sessions of scratch database ${name} were still there 30 s after KILL`);
    // A spec may have dropped it already (a database lost mid-run).
    await pool.request().input('name', sql.NVarChar(128), name).query(`IF DB_ID(@name) IS NOT NULL DROP DATABASE ${quoteIdentifier('mssql', name)}`);
  });
}

/** The ETL's sessions (program name iot-etl) in the pool's database that have a transaction open. */
async function etlSessionsInTransaction(pool: sql.ConnectionPool): Promise<Array<{ session_id: unknown }>> {
  const sessions = await pool.request().query(
    "SELECT session_id FROM sys.dm_exec_sessions WHERE program_name = 'iot-etl' AND database_id = DB_ID() AND open_transaction_count > 0");
  return sessions.recordset;
}

/** Kills the ETL's sessions in this database that have a transaction open; how many it killed. */
async function killEtlSessionsInTransaction(url: string): Promise<number> {
  return withMssql(url, async (pool) => killSessions(pool, await etlSessionsInTransaction(pool)));
}

async function killSessions(pool: sql.ConnectionPool, rows: Array<{ session_id: unknown }>): Promise<number> {
  const ids = rows.map((row) => Number(row.session_id)).filter(Number.isInteger);
  // KILL takes no parameters; the ids are integers read from the server.
  for (const id of ids) await pool.request().query(`KILL ${id}`);
  return ids.length;
}

/** Every migration is applied and committed (visible from another session). */
async function migrationsCommitted(url: string): Promise<boolean> {
  return withMssql(url, async (pool) => {
    const found = await pool.request().input('name', sql.NVarChar(128), migrationTable.name).query('SELECT OBJECT_ID(@name) AS id');
    if (found.recordset[0]?.id == null) return false;
    const rows = await pool.request().query(`SELECT COUNT(*) AS n FROM ${quoteIdentifier('mssql', migrationTable.name)}`);
    return Number(rows.recordset[0].n) >= migrations.length;
  });
}

async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  // A session the spec itself ends (a dropped database) reports it through the running query; unheard, it would crash the spec.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withMssql<T>(url: string, work: (pool: sql.ConnectionPool) => Promise<T>): Promise<T> {
  const pool = new sql.ConnectionPool({ ...mssqlConfig(url), options: { ...mssqlConfig(url).options, appName: 'iot-contract-test' } });
  pool.on('error', () => undefined);
  await pool.connect();
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
