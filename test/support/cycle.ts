/** What the cycle's acceptance specs share: running `iot` as a user would, and reading what it left. */
import { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupFilePattern } from '../../lib/merge';
import { uniqueTopic } from '.';
import { spawnIot } from './iotProcess';

export interface IotRun {
  child: ChildProcess;
  /** What it has written to stderr so far (its logs): specs wait for an event there instead of a fixed time. */
  stderr(): string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `node scripts/iot.js ...args` against a scratch data folder and a topic of its own (or the one given). */
export function startIot(args: string[], dataDir: string, env: Record<string, string> = {}): IotRun {
  const run = spawnIot(args, {
    ...process.env, DATA_DIR: dataDir, KAFKA_TOPIC: env.KAFKA_TOPIC ?? uniqueTopic('cycle'), IOT_ENV_FILE: '/nonexistent/.env', LOG_LEVEL: 'info', ...env,
  }, { echoStderr: true });
  return { child: run.child, stderr: run.stderr, done: run.done };
}

/** Stops a run the spec started, also when an assertion failed midway. */
export async function stopIot(run: IotRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGINT');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  await run.done;
  clearTimeout(timer);
}

export function jsonLines<T>(stdout: string): T[] {
  return stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as T);
}

export function backups(dataDir: string): string[] {
  const dir = join(dataDir, 'backup');
  return existsSync(dir) ? readdirSync(dir).filter((name) => backupFilePattern.test(name)).sort().map((name) => join(dir, name)) : [];
}

/** Data lines of a CSV (header dropped). */
export function csvRows(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(1).filter((line) => line !== '');
}

export function visibleEntries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
}

export function querySqlite<T>(dataDir: string, sql: string): T[] {
  const db = new Database(join(dataDir, 'warehouse.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
