/**
 * `make test`: builds nothing itself (the Makefile does), starts the real
 * services the specs need once (Kafka and PostgreSQL on free ports, unless
 * KAFKA_BROKERS / TEST_POSTGRES_URL name them) in a scratch data folder, runs every compiled spec file as
 * its own process, stops the services also on failure or Ctrl-C, and ends
 * with the line `N passed, N failed, N skipped`, after one line per skip
 * reason (specs mark skips with `skipTest`, test/support/skip.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { RunServices } from '../test/support/runServices';
import { scratchDir } from '../test/support/scratch';
import { countUvu, runReport, SpecResult } from '../test/support/runReport';
import { parseSkips } from '../test/support/skipMarker';

const root = join(__dirname, '..', '..');
const logger = createLogger({ component: 'test', ...loadConfig().log });

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  const specs = findSpecs(join(root, 'dist')).filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)));
  const scratch = scratchDir('iot-test-services-');
  const services = new RunServices();
  const stopAll = async () => { await services.stop(); scratch.cleanup(); };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    const { brokers, postgresUrl } = await services.start({ dataDir: scratch.dir, postgres: true, nativeKafka: true, logger });
    const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: brokers.join(','), TEST_POSTGRES_URL: postgresUrl };
    const results: SpecResult[] = [];
    for (const spec of specs) results.push(await runSpec(spec, env));
    return report(results);
  } finally {
    await stopAll();
  }
}

function runSpec(file: string, env: NodeJS.ProcessEnv): Promise<SpecResult> {
  return new Promise((resolve) => {
    const name = relative(root, file);
    process.stdout.write(`\n▶ ${name}\n`);
    const child = spawn(process.execPath, ['--enable-source-maps', file], { cwd: root, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    const collect = (chunk: Buffer) => { output += chunk.toString(); process.stdout.write(chunk); };
    child.stdout.on('data', collect);
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ file: name, code, ...countUvu(output, code), skips: parseSkips(output) }));
  });
}

function report(results: SpecResult[]): number {
  const lines = runReport(results);
  process.stdout.write(lines.join('\n') + '\n');
  return results.length === 0 || results.some((result) => result.failed > 0) ? 1 : 0;
}

/** Compiled specs whose source still exists: tsc never deletes the output of a spec that was removed or renamed. */
function findSpecs(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : findSpecs(path);
    return entry.endsWith('.spec.js') && existsSync(sourceOf(path)) ? [path] : [];
  }).sort();
}

function sourceOf(compiled: string): string {
  return join(root, relative(join(root, 'dist'), compiled)).replace(/\.js$/, '.ts');
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`test runner failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
