import { DatabaseEngine } from '../config/databaseUrl';
import { addedInVersionStatements, contentIdentityVersion, createTableStatements, migrationTable, pipelineTables, quoteIdentifier, streamOutputTables, streamOutputsVersion } from '../schema';
import { Database } from './database';

/** A schema change, applied once per database and recorded in schema_migrations. */
export interface Migration {
  version: number;
  description: string;
  statements(engine: DatabaseEngine): string[];
}

/**
 * Append only: a released version never changes, a new change is a new
 * version. The tables in lib/schema say which version added each column, so
 * version 1 creates the tables as they were and later versions alter them.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'sensor_data and ETL_Log with their indexes',
    statements: (engine) => pipelineTables.flatMap((table) => createTableStatements(engine, table)),
  },
  {
    version: contentIdentityVersion,
    description: 'files known by content: source_sha256 in sensor_data and ETL_Log, source_bytes in ETL_Log',
    statements: (engine) => pipelineTables.flatMap((table) => addedInVersionStatements(engine, table, contentIdentityVersion)),
  },
  {
    version: streamOutputsVersion,
    description: 'the stream\'s windows and alerts: sensor_window (+ its partials) and sensor_alert (+ its events), with their unique keys',
    statements: (engine) => streamOutputTables.flatMap((table) => createTableStatements(engine, table)),
  },
];

/** Every migrating process takes this lock first, so two first runs on a new database take turns instead of both creating tables. */
export const migrationLockKey = 'iot-pipeline:schema-migrations';

/**
 * Applies the migrations this database has not seen yet; returns how many ran.
 * All in one transaction under the engine's lock (PostgreSQL
 * pg_advisory_xact_lock, SQL Server sp_getapplock, SQLite BEGIN IMMEDIATE):
 * a second process waits, then finds everything applied.
 */
export async function applyMigrations(db: Database, now: () => string): Promise<number> {
  const table = quoteIdentifier(db.engine, migrationTable.name);
  const q = (name: string) => quoteIdentifier(db.engine, name);
  return db.transaction(async (tx) => {
    await tx.lock(migrationLockKey);
    for (const statement of createTableStatements(db.engine, migrationTable)) await tx.query(statement);
    const rows = await tx.query<{ version: number }>(`SELECT ${q('version')} AS version FROM ${table}`);
    const applied = new Set(rows.map((row) => Number(row.version)));
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      for (const statement of migration.statements(db.engine)) await tx.query(statement);
      await tx.query(`INSERT INTO ${table} (${q('version')}, ${q('description')}, ${q('applied_at')}) VALUES (?, ?, ?)`, [migration.version, migration.description, now()]);
    }
    return pending.length;
  });
}
