import { Client } from 'pg';
import { quoteIdentifier } from '../../schema';
import { waitFor } from '../../process';
import { postgresConnectionUrl, postgresCredentials } from './credentials';

/** True once the server accepts our login (on the maintenance database, which always exists). */
export async function postgresAnswers(port: number, timeoutMs: number): Promise<boolean> {
  return waitFor(async () => {
    const client = new Client({ connectionString: postgresConnectionUrl(port, 'postgres'), connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  }, { timeoutMs, intervalMs: 500 });
}

/** CREATE DATABASE iot unless it exists (PostgreSQL has no IF NOT EXISTS for databases). */
export async function ensureDatabase(port: number, name: string = postgresCredentials.database): Promise<boolean> {
  const client = new Client({ connectionString: postgresConnectionUrl(port, 'postgres'), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdentifier('postgres', name)}`);
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
