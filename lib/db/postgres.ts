import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabaseUrl, redactUrl } from '../config/databaseUrl';
import { Logger } from '../log';
import { formatTimestamp, quoteIdentifier, TableSpec } from '../schema';
import { connectError, connectTimeoutMs } from './connectError';
import { withinTimeout } from '../process';
import { BulkRows, Database, Row, SqlValue, Transaction } from './database';
import { applyMigrations } from './migrate';
import { numberedPlaceholders } from './placeholders';

/** COPY is fed in slices this size, so a million rows never sit in one socket write. */
const copyChunkBytes = 1 << 20;

/** PostgreSQL through one pg client; bulk loads use COPY FROM STDIN (CSV). */
export async function connectPostgres(url: DatabaseUrl, logger: Logger): Promise<Database> {
  const address = hostOf(url.url);
  const client = new Client({ connectionString: url.url, connectionTimeoutMillis: connectTimeoutMs, application_name: 'iot-etl' });
  // A dropped connection is reported by the query that was running; without a listener it would crash the process.
  client.on('error', (error) => logger.warn('postgres.connection.error', { address, error: error.message }));
  try {
    await withinTimeout(client.connect(), connectTimeoutMs + 1_000, `PostgreSQL at ${address}`);
  } catch (error) {
    void client.end().catch(() => undefined);
    throw connectError('postgres', address, error);
  }
  const query = async <T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> =>
    (await client.query(numberedPlaceholders(sql, '$'), params.map(postgresValue))).rows as T[];
  const tx: Transaction = {
    query,
    bulkInsert: (table, rows) => copyInto(client, table, rows),
    lock: async (key) => { await query('SELECT pg_advisory_xact_lock(hashtext(?))', [key]); },
  };
  const database: Database = {
    engine: 'postgres',
    address,
    query,
    migrate: () => applyMigrations(database, () => formatTimestamp(new Date())),
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // On a dead connection the server has rolled back already; the ROLLBACK itself may fail.
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    close: () => client.end().catch(() => undefined),
  };
  return database;
}

async function copyInto(client: Client, table: TableSpec, rows: BulkRows): Promise<number> {
  const columns = rows.columns.map((column) => quoteIdentifier('postgres', column)).join(', ');
  const copy = client.query(copyFrom(`COPY ${quoteIdentifier('postgres', table.name)} (${columns}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(slices(rows.csv())), copy);
  return rows.count;
}

function* slices(buffer: Buffer): Generator<Buffer> {
  for (let start = 0; start < buffer.length; start += copyChunkBytes) yield buffer.subarray(start, start + copyChunkBytes);
}

function postgresValue(value: SqlValue): SqlValue {
  return value instanceof Date ? formatTimestamp(value) : value;
}

/** host:port/db of a URL, without user or password, for messages. */
export function hostOf(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.hostname}:${url.port || '(default port)'}${url.pathname}`;
  } catch {
    return redactUrl(raw);
  }
}
