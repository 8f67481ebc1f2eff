/**
 * `make clean-data`: resets the data folder for a fresh demo: the SQLite warehouse, the archives and their
 * rejects, the consumer's output, checkpoint (with its state store) and quarantine, the logs. Services and
 * their data (data/services: Kafka's log, Superset's metadata) and the notebooks' own folder stay. It lists
 * what it will delete and asks first (`--yes` does not ask), and refuses while a cycle, merge or consumer
 * holds the folder.
 */
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../lib/config';
import { isPipelineError } from '../lib/errors';
import { acquireDataFolderLock } from '../lib/lock';

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const { paths } = config;
  const sqliteFile = config.database.file === undefined ? undefined : resolve(config.database.file);
  const warehouse = sqliteFile ? [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`] : [];
  const targets = [paths.output, paths.checkpoint, paths.quarantine, paths.backup, paths.logs, ...warehouse].filter((path) => existsSync(path));
  if (targets.length === 0) {
    process.stdout.write(`nothing to delete: ${paths.data} holds no pipeline data\n`);
    return 0;
  }
  process.stdout.write(`This deletes, in ${paths.data}:\n${targets.map((path) => `  ${relative(paths.data, path)}`).join('\n')}\n`);
  if (config.database.engine !== 'sqlite') process.stdout.write(`The warehouse is ${config.database.engine}: its tables are kept (drop sensor_data and ETL_Log there to reset it).\n`);
  if (!argv.includes('--yes') && !(await confirmed('Delete them? [y/N] '))) {
    process.stdout.write('nothing deleted (answer y, or run with --yes: make clean-data ARGS=--yes)\n');
    return 1;
  }
  const lock = await acquireDataFolderLock(paths.data, 'clean-data');
  try {
    for (const path of targets) rmSync(path, { recursive: true, force: true });
  } finally {
    lock.release();
  }
  process.stdout.write(`deleted ${targets.length} item(s); the next \`make cycle\` or \`make demo\` starts fresh\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    if (!isPipelineError(error)) throw error;
    process.stderr.write(`error [${error.code}]: ${error.describe()}\n`);
    process.exit(error.exitCode);
  });
}
