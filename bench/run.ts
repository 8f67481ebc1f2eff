/**
 * `make bench`: starts the services once, runs each stage's benchmark, prints
 * every figure, checks bench/targets.json (each figure against its target and
 * its same-run baseline, since absolute numbers drift here), writes
 * data/bench/results.json and exits 1 when a target is missed or its figure missing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { RunServices } from '../test/support/runServices';
import { scratchDir } from '../test/support/scratch';
import { Benchmark, BenchFigure } from './figure';
import { describeMachine, writeResults } from './results';
import { checkTargets, describeBound, formatValue, loadTargets, TargetCheck } from './targets';

const logger = createLogger({ component: 'bench', ...loadConfig().log });

/** Registered by each stage's benchmark module, in pipeline order. */
const benchmarks: Array<[name: string, load: () => Benchmark]> = [
  ['producer', () => require('./producer').benchmark],
  ['consumer', () => require('./consumer').benchmark],
  ['scale', () => require('./scale').benchmark],
  ['merge', () => require('./merge').benchmark],
  ['etl', () => require('./etl').benchmark],
  ['dashboard', () => require('./dashboard').benchmark],
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const stages = benchmarks.map(([name]) => name).filter((name) => only.length === 0 || only.includes(name));
  const targets = loadTargets();
  const date = new Date().toISOString();
  const scratch = scratchDir('iot-bench-');
  const figures: BenchFigure[] = [];
  const config = loadConfig({ env: { ...process.env, DATA_DIR: scratch.dir } });
  const services = new RunServices();
  try {
    const { brokers, postgresUrl } = await services.start({ dataDir: scratch.dir, postgres: needsPostgres(only), logger });
    for (const [name, load] of benchmarks.filter(([name]) => stages.includes(name))) {
      logger.info('bench.start', { name });
      const stageDir = join(scratch.dir, name);
      mkdirSync(stageDir, { recursive: true });
      const results = await load()({ brokers, scratchDir: stageDir, cacheDir: config.cacheDir, postgresUrl, logger: logger.child(name) });
      for (const figure of results) process.stdout.write(`${figure.name.padEnd(40)} ${formatValue(figure.value)} ${figure.unit}\n`);
      figures.push(...results);
    }
  } finally {
    await services.stop();
    scratch.cleanup();
  }
  // A stage named in targets.json but not registered above (e.g. dashboard) still counts as run in a full bench, so its figures show as missing.
  const checks = checkTargets(targets, figures, only.length === 0 ? [...new Set([...stages, ...targets.map((target) => target.stage)])] : stages);
  writeResults({ run: { date, machine: describeMachine(), stages }, figures, targets: checks });
  process.stdout.write(`\nwrote ${figures.length} figures to data/bench/results.json\n\n${targetReport(checks).join('\n')}\n`);
  const failed = checks.filter((check) => check.verdict !== 'met');
  if (failed.length > 0) process.stdout.write(`\n${failed.length} of ${checks.length} targets not met (bench/targets.json)\n`);
  return failed.length > 0 ? 1 : 0;
}

/** One line per target: verdict, figure, measured value, bound, same-run baseline. */
function targetReport(checks: TargetCheck[]): string[] {
  const mark = { met: '✓ met   ', missed: '✗ MISSED', missing: '? MISSING' };
  return checks.map((check) => {
    const measured = check.measured === undefined ? `not produced (${check.missing})` : formatValue(check.measured);
    const baseline = check.baseline ? `; baseline ${check.baseline.name} = ${check.baseline.value === undefined ? 'not produced' : formatValue(check.baseline.value)}` : '';
    return `${mark[check.verdict]} ${check.target.figure} = ${measured}, target ${describeBound(check)}${baseline}`;
  });
}

function needsPostgres(only: string[]): boolean {
  return only.length === 0 || only.includes('etl');
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
