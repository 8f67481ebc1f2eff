/**
 * The whole `iot etl` of a 1,000,000-row archived file (read, validate, load,
 * log) into SQLite and into PostgreSQL, and the original pipeline's pandas
 * `to_sql(method="multi")` of the same file into the same PostgreSQL table,
 * as the baseline measured in the same run. Then the ETL's peak RSS on a
 * 10,000,000-row archive (about 370 MB) per engine, each in its own process
 * (target < 400 MB; it streams the file in chunks).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { $ } from 'zx';
import { Client } from 'pg';
import { loadConfig } from '../lib/config';
import { runEtl } from '../lib/etl';
import { ensureVenv } from '../lib/services/pythonVenv';
import { csvHeader, quoteIdentifier } from '../lib/schema';
import { connectDatabase } from '../lib/db';
import { parseDatabaseUrl } from '../lib/config';
import { silentLogger } from '../lib/log';
import { Benchmark, BenchContext, BenchFigure } from './figure';

const rows = Number(process.env.BENCH_ETL_ROWS ?? 1_000_000);
const memoryRows = Number(process.env.BENCH_ETL_MEMORY_ROWS ?? 10_000_000);
const pandasVenv = { name: 'venv-etl-bench', requirements: ['pandas==2.2.3', 'sqlalchemy==2.0.36', 'psycopg2-binary==2.9.10'] };

export const benchmark: Benchmark = async (context) => {
  const backup = join(context.scratchDir, 'backup');
  const file = await writeReadings(join(backup, 'sensor_data_20260101_000000.csv'), rows);
  const figures: BenchFigure[] = [{ name: 'etl.sqlite.rows_per_s', value: await etlRate(context.scratchDir, `sqlite:${join(context.scratchDir, 'warehouse.db')}`), unit: 'rows/s' }];
  if (!context.postgresUrl) {
    context.logger.warn('bench.etl.postgres.skipped', { reason: 'no PostgreSQL (TEST_POSTGRES_URL unset and none started)' });
    return [...figures, ...(await peakRss(context))];
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
  return [...figures, ...(await peakRss(context))];
};

/** Peak RSS of `iot etl` on one big archive, per engine, each run alone in a fresh process and a fresh database. */
async function peakRss(context: BenchContext): Promise<BenchFigure[]> {
  const dataDir = join(context.scratchDir, 'memory');
  const file = await writeReadings(join(dataDir, 'backup', 'sensor_data_20260102_000000.csv'), memoryRows);
  const million = `${memoryRows / 1_000_000}m`;
  const engines: Array<[string, string]> = [['sqlite', `sqlite:${join(dataDir, 'warehouse.db')}`]];
  if (context.postgresUrl) engines.push(['postgres', await freshPostgres(context.postgresUrl, 'bench_etl_memory')]);
  const figures: BenchFigure[] = [];
  try {
    for (const [engine, url] of engines) {
      const run = etlInOwnProcess(dataDir, url, file);
      context.logger.info('bench.etl.memory', { engine, rows: run.rows, seconds: run.seconds, peakRssMb: run.peakRssMb });
      figures.push(
        { name: `etl.${engine}.peak_rss_mb_${million}_rows`, value: run.peakRssMb, unit: 'MB' },
        { name: `etl.${engine}.rows_per_s_${million}_rows`, value: run.rows / run.seconds, unit: 'rows/s' },
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

function etlInOwnProcess(dataDir: string, databaseUrl: string, file: string): { rows: number; seconds: number; peakRssMb: number } {
  const run = spawnSync(process.execPath, [join(__dirname, 'etlWorker.js'), dataDir, databaseUrl, file], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 15 * 60_000 });
  if (run.status !== 0) throw new Error(`bench ETL worker failed (exit ${run.status}): ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { status: string; rows: number; error?: string; seconds: number; peakRssMb: number };
  if (result.status !== 'SUCCESS') throw new Error(`bench ETL of ${file} did not succeed: ${result.error ?? result.status}`);
  return result;
}

/** Rows per second of one whole `iot etl` run (connect, migrate, read, validate, load, log). */
async function etlRate(dataDir: string, databaseUrl: string): Promise<number> {
  const config = loadConfig({ env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, envFile: '/nonexistent/.env' });
  const start = process.hrtime.bigint();
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', force: true });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result?.status !== 'SUCCESS') throw new Error(`bench ETL into ${config.database.engine} did not succeed: ${result?.errorMessage ?? 'no job ran'}`);
  return result.recordsProcessed / seconds;
}

/**
 * `count` valid readings, 10 sensors, one second per 10 rows. Values come
 * from small tables of preformatted text, so 10 M rows take seconds to write.
 */
async function writeReadings(file: string, count: number): Promise<string> {
  mkdirSync(join(file, '..'), { recursive: true });
  const out = createWriteStream(file);
  out.write(csvHeader + '\n');
  const temperatures = Array.from({ length: 1500 }, (_, index) => String((2000 + index) / 100));
  const humidities = Array.from({ length: 4000 }, (_, index) => String((3000 + index) / 100));
  const start = Date.UTC(2026, 0, 1);
  for (let index = 0; index < count; index += 100_000) {
    let block = '';
    for (let second = index / 10; second < Math.min(count, index + 100_000) / 10; second++) {
      const timestamp = new Date(start + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      for (let row = second * 10; row < Math.min(count, second * 10 + 10); row++) {
        block += `${1 + (row % 10)},${temperatures[row % 1500]},${humidities[row % 4000]},${timestamp}\n`;
      }
    }
    if (!out.write(block)) await once(out, 'drain');
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
