import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '../../../lib/config';
import { Database } from '../../../lib/db';
import { csvHeader, etlLogTable, quoteIdentifier, sensorDataTable } from '../../../lib/schema';
import { scratchDir, testConfig } from '..';

/** `count` valid CSV lines: sensors 1..10, plausible values, one timestamp a second from 2026-01-01 00:00:00. */
export function validLines(count: number, firstSensor = 1): string[] {
  const lines: string[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const second = Math.floor(index / 10);
    const time = `2026-01-01 ${pad(Math.floor(second / 3600) % 24)}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
    lines[index] = `${firstSensor + (index % 10)},${(20 + (index % 97) / 4).toFixed(2)},${(40 + (index % 61) / 2).toFixed(1)},${time}`;
  }
  return lines;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** One row of each invalid kind, with the rule it breaks. */
export const invalidLines: Array<[line: string, rule: string]> = [
  ['3,,55.0,2026-01-01 00:00:01', 'missing_value'],
  ['0,21.5,55.0,2026-01-01 00:00:01', 'sensor_id_not_positive_integer'],
  ['4,120.5,55.0,2026-01-01 00:00:01', 'temperature_out_of_range'],
  ['5,21.5,100.5,2026-01-01 00:00:01', 'humidity_out_of_range'],
  ['6,21.5,55.0,2026-02-30 10:00:00', 'timestamp_invalid'],
  ['7,21.5,55.0,2026/01/01 10:00:00', 'timestamp_invalid'],
];

/** A DATA_DIR with a backup folder, the config pointing at `databaseUrl`. */
export function etlScratch(databaseUrl: string): { config: Config; backup: string; cleanup(): void } {
  const scratch = scratchDir('iot-etl-contract-');
  const config = testConfig(scratch.dir, { DATABASE_URL: databaseUrl });
  mkdirSync(config.paths.backup, { recursive: true });
  return { config, backup: config.paths.backup, cleanup: scratch.cleanup };
}

/** Writes an archived file as `iot merge` names it; returns its path. */
export function writeArchive(backup: string, stamp: string, lines: string[]): string {
  const file = join(backup, `sensor_data_${stamp}.csv`);
  writeFileSync(file, [csvHeader, ...lines].join('\n') + '\n');
  return file;
}

export async function sensorRowCount(db: Database, sourceFile?: string): Promise<number> {
  const table = quoteIdentifier(db.engine, sensorDataTable.name);
  const where = sourceFile ? ` WHERE ${quoteIdentifier(db.engine, 'source_file')} = ?` : '';
  const rows = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}${where}`, sourceFile ? [sourceFile] : []);
  return Number(rows[0].n);
}

export interface LogRow extends Record<string, unknown> {
  status: string;
  records_processed: number;
  records_rejected: number;
  source_file: string;
  error_message: string | null;
}

export async function etlLogRows(db: Database): Promise<LogRow[]> {
  const q = (name: string) => quoteIdentifier(db.engine, name);
  const rows = await db.query<LogRow>(
    `SELECT ${['status', 'records_processed', 'records_rejected', 'source_file', 'error_message'].map(q).join(', ')} FROM ${q(etlLogTable.name)} ORDER BY ${q('id')}`,
  );
  return rows.map((row) => ({ ...row, records_processed: Number(row.records_processed), records_rejected: Number(row.records_rejected) }));
}

const root = join(__dirname, '..', '..', '..', '..');

/** `iot etl ARGS` as its own process; resolves with its exit code and output. */
export function iotEtlProcess(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'iot.js'), 'etl', ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `iot etl FILE --json` as its own process; resolves with the job's status. */
export async function iotEtlStatus(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { code, stdout, stderr } = await iotEtlProcess([file, '--json'], env);
  try {
    return JSON.parse(stdout.trim()).status;
  } catch {
    throw new Error(`iot etl exited ${code}, printed ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr.slice(-2000))}`);
  }
}
