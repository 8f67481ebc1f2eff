import { DatabaseEngine } from '../config/databaseUrl';
import { createTableStatements, pipelineTables, quoteIdentifier, TableSpec } from '../schema';
import { Database } from './database';

/** A schema change, applied once per database and recorded in schema_migrations. */
export interface Migration {
  version: number;
  description: string;
  statements(engine: DatabaseEngine): string[];
}

/** Append only: a released version never changes, a new change is a new version. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'sensor_data and ETL_Log with their indexes',
    statements: (engine) => pipelineTables.flatMap((table) => createTableStatements(engine, table)),
  },
];

export const migrationTable: TableSpec = {
  name: 'schema_migrations',
  description: 'Schema versions applied to this database',
  columns: [
    { name: 'version', kind: 'integer', nullable: false, description: 'Migration version' },
    { name: 'description', kind: 'text', length: 255, nullable: false, description: 'What it changed' },
    { name: 'applied_at', kind: 'timestamp', nullable: false, description: 'When it was applied' },
  ],
  indexes: [],
};

/** Applies the migrations this database has not seen yet, each in its own transaction; returns how many ran. */
export async function applyMigrations(db: Database, now: () => string): Promise<number> {
  for (const statement of createTableStatements(db.engine, migrationTable)) await db.query(statement);
  const table = quoteIdentifier(db.engine, migrationTable.name);
  const rows = await db.query<{ version: number }>(`SELECT ${quoteIdentifier(db.engine, 'version')} AS version FROM ${table}`);
  const applied = new Set(rows.map((row) => Number(row.version)));
  const pending = migrations.filter((migration) => !applied.has(migration.version));
  for (const migration of pending) {
    await db.transaction(async (tx) => {
      for (const statement of migration.statements(db.engine)) await tx.query(statement);
      await tx.query(`INSERT INTO ${table} (version, description, applied_at) VALUES (?, ?, ?)`, [migration.version, migration.description, now()]);
    });
  }
  return pending.length;
}
