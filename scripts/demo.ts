/**
 * `make demo`: a walkthrough in one command. Starts Kafka, the live dashboard and Superset, runs cycles with
 * a few bad readings (so the consumer's quarantine, the ETL's rejects, a SKIPPED and a FAILED job all show),
 * prints the URLs and what to look at, and on Ctrl-C stops everything it started, and nothing else.
 *
 *   node dist/scripts/demo.js [--duration 60] [--invalid-ratio 0.02] [--cycles N] [--no-superset]
 */
import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Config, loadConfig } from '../lib/config';
import { createLogger, Logger } from '../lib/log';
import { waitFor } from '../lib/process';
import { serviceFor } from '../lib/services/registry';
import { supersetFiles } from '../lib/services/superset';
import { exited, iotChild, showSkippedAndFailed } from './demoSteps';
import { repoRoot } from './makeTargets';

interface DemoOptions { duration: number; invalidRatio: number; cycles: number; superset: boolean }

function options(argv: string[]): DemoOptions {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  return { duration: value('duration', 60), invalidRatio: value('invalid-ratio', 0.02), cycles: value('cycles', 0), superset: !argv.includes('--no-superset') };
}

/** Each service `make demo` brought up, to bring down on the way out; one already running is left alone. */
async function startServices(config: Config, logger: Logger, wanted: string[]): Promise<string[]> {
  const started: string[] = [];
  for (const name of wanted) {
    const service = serviceFor(name, config, logger);
    if ((await service.status()).ready) continue;
    if (name === 'superset' && !existsSync(join(config.cacheDir, 'venv-superset-6.0.0'))) {
      say('Superset: first start on this machine installs it from PyPI into a cached virtualenv: about 7 minutes; later starts take about a minute.');
    }
    await service.up();
    started.push(name);
  }
  return started;
}

function say(line: string): void {
  process.stdout.write(`\n▶ ${line}\n`);
}

/** A path as the user typed it: relative inside the repository, absolute elsewhere. */
function shown(path: string): string {
  const inside = relative(repoRoot, path);
  return inside.startsWith('..') ? path : inside;
}

function guide(config: Config, superset: boolean): void {
  const files = supersetFiles(config);
  const password = existsSync(files.adminPassword) ? readFileSync(files.adminPassword, 'utf8').trim() : '(SUPERSET_ADMIN_PASSWORD)';
  say('What to look at:');
  process.stdout.write([
    `  1. live dashboard      http://127.0.0.1:${config.dashboard.port}  during each cycle: readings per sensor, marked (red) readings, messages/s, lag, micro-batches, quarantine by reason`,
    superset
      ? `  2. Superset dashboard  http://127.0.0.1:${config.superset.port}/superset/dashboard/iot-pipeline/  login ${config.superset.adminUser} / ${password}; after each cycle: rows per ETL job, jobs by status, temperature and humidity per sensor, the Sensor filter`
      : '  2. Superset dashboard  skipped (--no-superset)',
    `  3. ${shown(config.paths.quarantine)}/ (the consumer's quarantine, one reason per record) and ${shown(config.paths.backup)}/*.rejects.csv (the ETL's rejects)`,
    '  Ctrl-C stops the cycles at a safe point, then everything this demo started.',
  ].join('\n') + '\n');
}

async function main(): Promise<number> {
  const demo = options(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger({ component: 'demo', ...config.log });
  const stop = new AbortController();
  // Ctrl-C reaches every child of the terminal's process group by itself (a second one would make the cycle stop
  // at once instead of at a safe point); a SIGTERM reaches only us, so we pass it on as one SIGINT.
  process.on('SIGINT', () => stop.abort('SIGINT'));
  process.on('SIGTERM', () => stop.abort('SIGTERM'));
  let started: string[] = [];
  let dashboard: ChildProcess | undefined;
  try {
    say('Starting Kafka' + (demo.superset ? ' and Superset' : '') + ' (each only if not running yet)');
    started = await startServices(config, logger, demo.superset ? ['kafka', 'superset'] : ['kafka']);
    say('Starting the live dashboard');
    dashboard = iotChild(['dashboard']);
    const up = await waitFor(() => fetch(`http://127.0.0.1:${config.dashboard.port}/api/state`).then((r) => r.ok, () => false), { timeoutMs: 60_000, signal: stop.signal });
    if (!up) { say('the live dashboard did not answer within 60 s (its output is above)'); return 1; }
    guide(config, demo.superset);
    for (let cycle = 1; !stop.signal.aborted && (demo.cycles === 0 || cycle <= demo.cycles); cycle++) {
      say(`Cycle ${cycle}: ${demo.duration} s of readings with ${demo.invalidRatio * 100} % bad ones, then merge → archive → ETL`);
      const run = iotChild(['cycle', '--duration', String(demo.duration), '--invalid-ratio', String(demo.invalidRatio)]);
      const onAbort = () => { if (stop.signal.reason === 'SIGTERM') run.kill('SIGINT'); };
      stop.signal.addEventListener('abort', onAbort, { once: true });
      const code = await exited(run);
      stop.signal.removeEventListener('abort', onAbort);
      if (code !== 0 && !stop.signal.aborted) { say(`the cycle exited ${code}; stopping the demo`); return code; }
      if (cycle === 1 && !stop.signal.aborted) showSkippedAndFailed(config.paths.backup, say);
      if (!stop.signal.aborted) guide(config, demo.superset);
    }
    return 0;
  } finally {
    say('Stopping what the demo started');
    if (dashboard && dashboard.exitCode === null) {
      if (stop.signal.reason !== 'SIGINT') dashboard.kill('SIGINT');
      await Promise.race([exited(dashboard), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (dashboard.exitCode === null) { dashboard.kill('SIGTERM'); await exited(dashboard); }
    }
    for (const name of [...started].reverse()) await serviceFor(name, config, logger).down();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error: Error) => {
    process.stderr.write(`error [DEMO_FAILED]: ${error.message}\n  → see the lines above; \`make down\` stops any service left running\n`);
    process.exit(1);
  });
}
