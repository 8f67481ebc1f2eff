import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '../config';
import { Logger } from '../log';
import { runNotebook } from './execute';
import { ensureJupyter, notebooksDir, repoRoot } from './jupyter';
import { outputRedactions } from './sanitize';
import { librarySourceHash, writeStampedNotebook } from './sourceStamp';

/** The walkthrough order: each stage reads what the one before it left in DATA_DIR. */
export const notebookOrder = ['producer', 'consumer', 'merger', 'etl', 'explore', 'windows', 'alerts'] as const;
export type NotebookName = (typeof notebookOrder)[number];

export interface RunNotebooksOptions {
  /** For the cache folder (Jupyter venv). */
  config: Config;
  brokers: string[];
  topic: string;
  /** The data folder every notebook of this run shares; the caller decides whether it is a scratch one. */
  dataDir: string;
  names?: readonly NotebookName[];
  /** How long producer and consumer run (NOTEBOOK_SECONDS); the notebooks' own value when unset. */
  seconds?: number;
  /** Copy the executed, sanitized notebooks back over notebooks/*.ipynb (`make notebooks`). */
  write?: boolean;
  logger: Logger;
}

/**
 * Executes the notebooks in order, each from a scratch copy, against the given
 * broker and data folder with the embedded SQLite. Stops at the first failing
 * cell (NotebookCellError names notebook and cell); with `write`, only a
 * fully successful run replaces the committed notebooks, each stamped with the
 * hash of the library sources it ran on (a spec fails once lib/ moves on).
 */
export async function runNotebooks(options: RunNotebooksOptions): Promise<Array<{ notebook: string; seconds: number }>> {
  const jupyter = await ensureJupyter(options.config, options.logger);
  const scratch = mkdtempSync(join(tmpdir(), 'iot-notebooks-'));
  const env = {
    DATA_DIR: options.dataDir,
    KAFKA_BROKERS: options.brokers.join(','),
    KAFKA_TOPIC: options.topic,
    DATABASE_URL: '', // empty = the default: embedded SQLite under DATA_DIR
    ...(options.seconds ? { NOTEBOOK_SECONDS: String(options.seconds) } : {}),
  };
  const redactions = outputRedactions({
    repoRoot, dataDir: options.dataDir, cacheDir: options.config.cacheDir, brokers: options.brokers, secrets: [options.config.kafka.security.sasl?.password],
  });
  const sourceHash = librarySourceHash();
  try {
    const runs = [];
    for (const name of options.names ?? notebookOrder) {
      const notebook = join(notebooksDir, `${name}.ipynb`);
      runs.push({ notebook: name, ...(await runNotebook({ jupyter, notebook, scratch, env, redactions, logger: options.logger })) });
    }
    if (options.write) {
      for (const run of runs) writeStampedNotebook(JSON.parse(readFileSync(run.executed, 'utf8')), join(notebooksDir, `${run.notebook}.ipynb`), sourceHash);
    }
    return runs.map(({ notebook, seconds }) => ({ notebook, seconds }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
