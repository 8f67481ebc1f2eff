/**
 * `make bench`: starts the services once, runs each stage's benchmark, prints
 * every figure and each baseline ratio, and writes data/bench/results.json.
 * Targets live in the issues; figures are compared as ratios against a
 * baseline measured in the same run, since absolute numbers drift here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { Service } from '../lib/services/service';
import { serviceFor } from '../lib/services/registry';
import { freePort, scratchDir } from '../lib/testing';
import { Benchmark, BenchFigure } from './figure';

const root = join(__dirname, '..', '..');
const logger = createLogger({ component: 'bench' });

/** Registered by each stage's benchmark module, in pipeline order. */
const benchmarks: Array<[name: string, load: () => Benchmark]> = [
  ['producer', () => require('./producer').benchmark],
  ['consumer', () => require('./consumer').benchmark],
  ['merge', () => require('./merge').benchmark],
  ['etl', () => require('./etl').benchmark],
  ['dashboard', () => require('./dashboard').benchmark],
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const scratch = scratchDir('iot-bench-');
  const started: Service[] = [];
  const figures: BenchFigure[] = [];
  try {
    const config = loadConfig({ env: { ...process.env, DATA_DIR: scratch.dir, KAFKA_PORT: String(await freePort(true)) } });
    let brokers = config.kafka.brokers;
    if (!brokers) {
      const kafka = serviceFor('kafka', config, logger);
      started.push(kafka);
      brokers = [(await kafka.up()).address!];
    }
    let postgresUrl = process.env.TEST_POSTGRES_URL;
    if (!postgresUrl && needsPostgres(only)) {
      const postgres = serviceFor('postgres', loadConfig({ env: { ...process.env, DATA_DIR: scratch.dir, POSTGRES_PORT: String(await freePort()) } }), logger);
      started.push(postgres);
      postgresUrl = (await postgres.up()).connectionUrl;
    }
    for (const [name, load] of benchmarks.filter(([name]) => only.length === 0 || only.includes(name))) {
      logger.info('bench.start', { name });
      const stageDir = join(scratch.dir, name);
      mkdirSync(stageDir, { recursive: true });
      const results = await load()({ brokers, scratchDir: stageDir, cacheDir: config.cacheDir, postgresUrl, logger: logger.child(name) });
      for (const figure of results) process.stdout.write(`${figure.name.padEnd(40)} ${format(figure.value)} ${figure.unit}\n`);
      figures.push(...results);
    }
  } finally {
    for (const service of started.reverse()) await service.down().catch(() => undefined);
    scratch.cleanup();
  }
  const out = join(root, 'data', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify(figures, null, 2) + '\n');
  process.stdout.write(`\nwrote ${figures.length} figures to data/bench/results.json\n`);
  return 0;
}

function needsPostgres(only: string[]): boolean {
  return only.length === 0 || only.includes('etl');
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
