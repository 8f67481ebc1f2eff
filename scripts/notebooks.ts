/**
 * `make notebooks` and `make notebook`:
 *   node dist/scripts/notebooks.js run [NAME...] [--write] [--seconds N]
 *     executes the notebooks in order (all by default) on the configured broker,
 *     a fresh scratch DATA_DIR and a new topic; --write replaces notebooks/*.ipynb
 *     with the executed, sanitized copies.
 *   node dist/scripts/notebooks.js lab
 *     installs Jupyter + the tslab kernel (cached venv) and opens JupyterLab on notebooks/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { defineCommand } from '../lib/cli/command';
import { runCommand } from '../lib/cli/main';
import { Config } from '../lib/config';
import { flag, integer } from '../lib/config/field';
import { ServiceError, UsageError } from '../lib/errors';
import { Logger } from '../lib/log';
import { ensureJupyter, notebooksDir } from '../lib/notebook/jupyter';
import { NotebookName, notebookOrder, runNotebooks } from '../lib/notebook/runNotebooks';
import { serviceFor } from '../lib/services/registry';

const notebooksCommand = defineCommand({
  name: 'notebooks',
  summary: 'Run the tslab notebooks headlessly in order, or open JupyterLab on them',
  usage: 'node dist/scripts/notebooks.js run [producer|consumer|merger|etl|explore|windows|alerts ...] [--write] [--seconds N] | lab',
  flags: {
    write: flag({ description: 'Replace notebooks/*.ipynb with the executed copies (outputs of this run).', default: false, example: 'true' }),
    seconds: integer({ description: 'How long producer and consumer run (NOTEBOOK_SECONDS); 0 keeps each notebook\'s own value.', default: 0, example: '10', min: 0, max: 3600 }),
  },
  async run({ flags, args, config, logger }) {
    const [action = 'run', ...names] = args;
    if (action === 'lab') return openLab(config(), logger);
    if (action !== 'run') throw new UsageError(`Unknown action "${action}".`, { hint: 'Use `run` (execute the notebooks) or `lab` (open JupyterLab).' });
    const unknown = names.filter((name) => !(notebookOrder as readonly string[]).includes(name));
    if (unknown.length) throw new UsageError(`Unknown notebook ${unknown.join(', ')}.`, { hint: `Notebooks: ${notebookOrder.join(', ')}.` });
    return runInScratch(config(), logger, names as NotebookName[], flags);
  },
});

async function runInScratch(config: Config, logger: Logger, names: NotebookName[], flags: { write: boolean; seconds: number }): Promise<number> {
  const kafka = await serviceFor('kafka', config, logger).up();
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-notebooks-data-'));
  try {
    const runs = await runNotebooks({
      config,
      brokers: (kafka.address ?? '').split(','),
      topic: `notebooks-${new Date().toISOString().slice(0, 10)}-${process.pid}`,
      dataDir,
      names: names.length ? names : undefined,
      seconds: flags.seconds || undefined,
      write: flags.write,
      logger,
    });
    for (const run of runs) process.stdout.write(`✓ notebooks/${run.notebook}.ipynb  ${run.seconds.toFixed(1)} s\n`);
    if (flags.write) process.stdout.write('Outputs written to notebooks/*.ipynb (absolute paths, host names and secrets removed).\n');
    return 0;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function openLab(config: Config, logger: Logger): Promise<number> {
  const jupyter = await ensureJupyter(config, logger);
  await serviceFor('kafka', config, logger).up().catch((error: Error) => logger.warn('notebook.kafka.unavailable', { error: error.message, hint: 'The producer and consumer notebooks need Kafka: make up' }));
  const flags = [
    ...(!process.env.DISPLAY && process.platform === 'linux' ? ['--no-browser'] : []), // print the URL instead
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []), // containers and CI machines run as root
  ];
  const lab = await $({ env: jupyter.env, stdio: 'inherit', nothrow: true })`${join(jupyter.venv, 'bin', 'jupyter')} lab --ServerApp.root_dir=${notebooksDir} ${flags}`;
  if (lab.exitCode !== 0 && lab.exitCode !== null && !lab.signal) {
    throw new ServiceError(`JupyterLab exited with code ${lab.exitCode}.`, {
      code: 'JUPYTER_FAILED', retriable: false,
      hint: 'Its messages are above. If the venv is broken, delete venv-jupyter under IOT_CACHE_DIR and run `make notebook` again.',
    });
  }
  return 0;
}

runCommand(notebooksCommand, process.argv.slice(2)).then((code) => process.exit(code));
