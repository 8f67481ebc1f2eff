import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { $ } from 'zx';
import { PipelineError, ServiceError } from '../errors';
import { Logger } from '../log';
import { JupyterEnv, notebooksDir, repoRoot } from './jupyter';
import { Redaction, sanitizeNotebook } from './sanitize';

const executeScript = join(repoRoot, 'lib', 'notebook', 'executeNotebook.py');

export interface NotebookRunOptions {
  jupyter: JupyterEnv;
  /** The notebook to run; it is never modified (a scratch copy is executed). */
  notebook: string;
  /** Folder for the scratch copy and the executed result. */
  scratch: string;
  /** Kernel working folder: notebooks/ so that `../dist/lib/...` imports resolve. */
  workdir?: string;
  /** Variables for the kernel (DATA_DIR, KAFKA_BROKERS, NOTEBOOK_SECONDS, ...). */
  env?: Record<string, string>;
  timeoutSeconds?: number;
  redactions: readonly Redaction[];
  logger: Logger;
}

export interface NotebookRunResult {
  /** The executed, sanitized copy in `scratch`. */
  executed: string;
  seconds: number;
}

/** A failing cell, named by notebook and cell, as the runner reports it. */
export class NotebookCellError extends PipelineError {
  constructor(readonly notebook: string, readonly cell: number, detail: string, executed: string) {
    super(`${notebook} cell ${cell} failed: ${detail}`, {
      code: 'NOTEBOOK_CELL_FAILED',
      exitCode: 1,
      hint: `The executed copy with the error output is ${executed}; open the notebook with \`make notebook\` to run it cell by cell.`,
    });
  }
}

/** Executes a scratch copy of one notebook on the tslab kernel (nbclient); throws NotebookCellError on any cell error. */
export async function runNotebook(options: NotebookRunOptions): Promise<NotebookRunResult> {
  const name = displayName(options.notebook);
  const copy = join(options.scratch, basename(options.notebook));
  const executed = copy.replace(/\.ipynb$/, '.executed.ipynb');
  copyFileSync(options.notebook, copy);
  const started = Date.now();
  options.logger.info('notebook.run', { notebook: name });
  const timeout = String(options.timeoutSeconds ?? 300);
  const result = await $({ env: { ...options.jupyter.env, ...options.env }, quiet: true, nothrow: true })`${options.jupyter.python} ${executeScript} ${copy} ${executed} ${options.workdir ?? notebooksDir} ${timeout}`;
  const seconds = (Date.now() - started) / 1000;
  if (result.exitCode === 3) {
    sanitizeInPlace(executed, options.redactions);
    const failure = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { cell: number; firstLine: string; error: string };
    throw new NotebookCellError(name, failure.cell, `${failure.error} (cell starts with \`${failure.firstLine}\`)`, executed);
  }
  if (result.exitCode !== 0) {
    throw new ServiceError(`${name} could not be executed: ${result.stderr.trim().split('\n').slice(-6).join('\n')}`, {
      code: 'NOTEBOOK_RUN_FAILED', retriable: false,
      hint: 'Check the Jupyter venv (delete venv-jupyter under IOT_CACHE_DIR to rebuild it) and that the tslab kernel starts: node_modules/.bin/tslab --version.',
    });
  }
  sanitizeInPlace(executed, options.redactions);
  options.logger.info('notebook.done', { notebook: name, seconds });
  return { executed, seconds };
}

function sanitizeInPlace(path: string, redactions: readonly Redaction[]): void {
  const notebook = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, JSON.stringify(sanitizeNotebook(notebook, redactions), null, 1) + '\n');
}

/** notebooks/etl.ipynb for the project's own notebooks, the full path for any other. */
function displayName(path: string): string {
  const inRepo = relative(repoRoot, path);
  return inRepo.startsWith('..') ? path : inRepo;
}
