/**
 * The whole `iot etl` of a 1,000,000-row archived file (read, validate, load,
 * log) into SQLite and into PostgreSQL, and the original pipeline's pandas
 * `to_sql(method="multi")` of the same file into the same PostgreSQL table,
 * as the baseline measured in the same run.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { $ } from 'zx';
import { Client } from 'pg';
import { loadConfig } from '../lib/config';
import { runEtl } from '../lib/etl';
import { ensureVenv } from '../lib/services/pythonVenv';
import { csvHeader, csvLine, quoteIdentifier } from '../lib/schema';
import { connectDatabase } from '../lib/db';
import { parseDatabaseUrl } from '../lib/config';
import { silentLogger } from '../lib/log';
import { Benchmark, BenchFigure } from './figure';

const rows = Number(process.env.BENCH_ETL_ROWS ?? 1_000_000);
const pandasVenv = { name: 'venv-etl-bench', requirements: ['pandas==2.2.3', 'sqlalchemy==2.0.36', 'psycopg2-binary==2.9.10'] };

export const benchmark: Benchmark = async (context) => {
  const backup = join(context.scratchDir, 'backup');
  const file = await writeReadings(join(backup, 'sensor_data_20260101_000000.csv'), rows);
  const figures: BenchFigure[] = [{ name: 'etl.sqlite.rows_per_s', value: await etlRate(context.scratchDir, `sqlite:${join(context.scratchDir, 'warehouse.db')}`), unit: 'rows/s' }];
  if (!context.postgresUrl) {
    context.logger.warn('bench.etl.postgres.skipped', { reason: 'no PostgreSQL (TEST_POSTGRES_URL unset and none started)' });
    return figures;
  }
  const ours = await etlRate(context.scratchDir, await freshPostgres(context.postgresUrl, 'bench_etl'));
  const venv = await ensureVenv(context.cacheDir, pandasVenv, context.logger);
  const pandasUrl = await freshPostgres(context.postgresUrl, 'bench_pandas');
  await migrated(pandasUrl);
  const script = join(__dirname, '..', '..', 'bench', 'pandas_to_sql.py');
  const output = await $({ quiet: true })`${join(venv, 'bin', 'python')} ${script} ${file} ${pandasUrl} sensor_data_20260101_000000.csv`;
  const pandas = JSON.parse(output.stdout.trim().split('\n').pop()!) as { rows: number; seconds: number };
  const pandasRate = pandas.rows / pandas.seconds;
  figures.push(
    { name: 'etl.postgres.rows_per_s', value: ours, unit: 'rows/s' },
    { name: 'pandas_to_sql.postgres.rows_per_s', value: pandasRate, unit: 'rows/s' },
    { name: 'etl.postgres.vs_pandas_to_sql', value: ours / pandasRate, unit: 'x' },
  );
  return figures;
};

/** Rows per second of one whole `iot etl` run (connect, migrate, read, validate, load, log). */
async function etlRate(dataDir: string, databaseUrl: string): Promise<number> {
  const config = loadConfig({ env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, envFile: '/nonexistent/.env' });
  const start = process.hrtime.bigint();
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', force: true });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result?.status !== 'SUCCESS') throw new Error(`bench ETL into ${config.database.engine} did not succeed: ${result?.errorMessage ?? 'no job ran'}`);
  return result.recordsProcessed / seconds;
}

async function writeReadings(file: string, count: number): Promise<string> {
  mkdirSync(join(file, '..'), { recursive: true });
  const out = createWriteStream(file);
  out.write(csvHeader + '\n');
  const start = Date.UTC(2026, 0, 1);
  for (let index = 0; index < count; index += 10_000) {
    const lines: string[] = [];
    for (let row = index; row < Math.min(count, index + 10_000); row++) {
      const timestamp = new Date(start + Math.floor(row / 10) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      lines.push(csvLine({ sensor_id: 1 + (row % 10), temperature: Math.round(2000 + (row % 1500)) / 100, humidity: Math.round(3000 + (row % 4000)) / 100, timestamp }));
    }
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

/** A new database on the bench's server, so each figure starts from empty tables. */
async function freshPostgres(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier('postgres', name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** pandas appends into the same sensor_data table, indexes included, that the ETL loads. */
async function migrated(url: string): Promise<void> {
  const db = await connectDatabase(parseDatabaseUrl(url), silentLogger);
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}
