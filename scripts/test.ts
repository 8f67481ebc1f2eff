/**
 * `make test`: builds nothing itself (the Makefile does), starts the real
 * services the specs need once (Kafka and PostgreSQL on free ports, unless
 * KAFKA_BROKERS / TEST_POSTGRES_URL name them) in a scratch data folder, runs every compiled spec file as
 * its own process, stops the services also on failure or Ctrl-C, and ends
 * with the line `N passed, N failed, N skipped`, after one line per skip
 * reason (specs mark skips with `skipTest`, lib/testing/skip.ts).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { RunServices } from '../lib/testing/runServices';
import { scratchDir } from '../lib/testing/scratch';
import { parseSkips, SkippedTest } from '../lib/testing/skipMarker';

const root = join(__dirname, '..', '..');
const logger = createLogger({ component: 'test', ...loadConfig().log });

interface SpecResult { file: string; passed: number; failed: number; skipped: number; skips: SkippedTest[]; code: number | null }

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

/**
 * uvu ends with "Total: N / Passed: N / Skipped: N", where Total counts the
 * tests that ran (not the skipped ones); a crashed spec file counts as one failure.
 */
function countUvu(output: string, code: number | null): { passed: number; failed: number; skipped: number } {
  const number = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1] ?? NaN);
  const total = number('Total');
  const passed = number('Passed');
  const skipped = number('Skipped') || 0;
  if (Number.isNaN(total) || Number.isNaN(passed)) return { passed: 0, failed: 1, skipped: 0 };
  const failed = total - passed + (code !== 0 && total === passed ? 1 : 0);
  return { passed, failed, skipped };
}

function report(results: SpecResult[]): number {
  const sum = (key: 'passed' | 'failed' | 'skipped') => results.reduce((total, result) => total + result[key], 0);
  for (const line of skipSummary(results)) process.stdout.write(`${line}\n`);
  for (const result of results.filter((r) => r.failed > 0)) process.stdout.write(`✗ ${result.file}: ${result.failed} failed (exit ${result.code})\n`);
  if (results.length === 0) process.stdout.write('no spec files found\n');
  process.stdout.write(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped\n`);
  return sum('failed') > 0 || results.length === 0 ? 1 : 0;
}

/**
 * One line per reason, however many spec files share it (the SQL Server
 * contract suite skips in every file when MSSQL_URL is unset): the count, the
 * reason, and the file when only one file has it. A skip uvu counted without
 * a `skipTest` marker is reported as having no reason.
 */
function skipSummary(results: SpecResult[]): string[] {
  const byReason = new Map<string, { tests: number; files: Set<string> }>();
  const add = (reason: string, file: string, tests: number) => {
    const entry = byReason.get(reason) ?? { tests: 0, files: new Set<string>() };
    entry.tests += tests;
    entry.files.add(file);
    byReason.set(reason, entry);
  };
  for (const result of results) {
    for (const skip of result.skips) add(skip.reason, result.file, 1);
    const unexplained = result.skipped - result.skips.length;
    if (unexplained > 0) add('no reason given (test.skip without skipTest)', result.file, unexplained);
  }
  if (byReason.size === 0) return [];
  return ['', 'skipped:', ...[...byReason].map(([reason, { tests, files }]) => {
    const where = files.size === 1 ? [...files][0] : `${files.size} spec files`;
    return `  ⊘ ${tests} × ${reason} (${where})`;
  })];
}

function findSpecs(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : findSpecs(path);
    return entry.endsWith('.spec.js') ? [path] : [];
  }).sort();
}

main().then((code) => process.exit(code), (error) => {
  process.stderr.write(`test runner failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
