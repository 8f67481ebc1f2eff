/**
 * `make test`: builds nothing itself (the Makefile does); runs every compiled
 * spec file as its own process, in two tiers, and ends with the line
 * `N passed, N failed, N skipped` (both tiers together), after one line per
 * skip reason (specs mark skips with `skipTest`, test/support/skip.ts).
 *
 * The fast tier: a spec whose source starts with the line
 *     // fast tier: needs no service
 * is pure logic (offset planning, range overlap, CSV cutting, k-way merge,
 * backoff...). These run first, with no service started and no KAFKA_BROKERS
 * or TEST_POSTGRES_URL in their environment (a spec that wrongly claims the
 * tier fails instead of quietly using a broker), and the tier's result is
 * printed before any service starts; together they take well under a minute.
 * Put the marker only on a spec that starts no process and no service.
 *
 * The service tier: every other spec. The real services are started once
 * (Kafka and PostgreSQL on free ports, unless KAFKA_BROKERS / TEST_POSTGRES_URL
 * name them) in a scratch data folder, and stopped also on failure or Ctrl-C.
 *
 * `node dist/scripts/test.js --fast [substring...]` runs the fast tier alone.
 *
 * A per-file time limit ends a spec that hangs (its whole process group) and
 * counts it as failed: 60 s in the fast tier, 15 min in the service tier,
 * or TEST_FILE_LIMIT_SECONDS for both.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { RunServices } from '../test/support/runServices';
import { scratchDir } from '../test/support/scratch';
import { countUvu, runReport, SpecResult } from '../test/support/runReport';
import { parseSkips } from '../test/support/skipMarker';

const root = join(__dirname, '..', '..');
const logger = createLogger({ component: 'test', ...loadConfig().log });

/** The first line that puts a spec in the fast tier. */
const fastTierMarker = '// fast tier: needs no service';
const limitSeconds = { fast: 60, services: 15 * 60 };

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const onlyFast = args.includes('--fast');
  const filter = args.filter((arg) => arg !== '--fast');
  const specs = findSpecs(join(root, 'dist')).filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)));
  const fast = specs.filter(isFastTier);
  const slow = onlyFast ? [] : specs.filter((spec) => !isFastTier(spec));
  const results: SpecResult[] = [];
  if (fast.length > 0) {
    const started = Date.now();
    const env = withoutServices(process.env);
    for (const spec of fast) results.push(await runSpec(spec, env, limitOf('fast')));
    const [line] = runReport(results).slice(-1);
    process.stdout.write(`\nfast tier (${fast.length} spec files, no services, ${Math.round((Date.now() - started) / 100) / 10} s): ${line}\n`);
  }
  if (slow.length > 0) results.push(...(await runWithServices(slow)));
  return report(results);
}

async function runWithServices(specs: string[]): Promise<SpecResult[]> {
  const scratch = scratchDir('iot-test-services-');
  const services = new RunServices();
  const stopAll = async () => { await services.stop(); scratch.cleanup(); };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    const { brokers, postgresUrl } = await services.start({ dataDir: scratch.dir, postgres: true, nativeKafka: true, logger });
    const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: brokers.join(','), TEST_POSTGRES_URL: postgresUrl };
    const results: SpecResult[] = [];
    for (const spec of specs) results.push(await runSpec(spec, env, limitOf('services')));
    return results;
  } finally {
    await stopAll();
  }
}

function runSpec(file: string, env: NodeJS.ProcessEnv, limitMs: number): Promise<SpecResult> {
  return new Promise((resolve) => {
    const name = relative(root, file);
    process.stdout.write(`\n▶ ${name}\n`);
    // Its own process group, so that the time limit also ends what the spec started.
    const child = spawn(process.execPath, ['--enable-source-maps', file], { cwd: root, detached: true, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid, 'SIGTERM'); setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000).unref(); }, limitMs);
    const collect = (chunk: Buffer) => { output += chunk.toString(); process.stdout.write(chunk); };
    child.stdout.on('data', collect);
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!timedOut) return resolve({ file: name, code, ...countUvu(output, code), skips: parseSkips(output) });
      process.stdout.write(`✗ ${name} exceeded the per-file time limit of ${limitMs / 1000} s and was stopped\n`);
      const counted = countUvu(output, code);
      resolve({ file: name, code, ...counted, failed: Math.max(1, counted.failed), skips: parseSkips(output) });
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function report(results: SpecResult[]): number {
  const lines = runReport(results);
  process.stdout.write(lines.join('\n') + '\n');
  return results.length === 0 || results.some((result) => result.failed > 0) ? 1 : 0;
}

function limitOf(tier: keyof typeof limitSeconds): number {
  const configured = Number(process.env.TEST_FILE_LIMIT_SECONDS);
  return (Number.isFinite(configured) && configured > 0 ? configured : limitSeconds[tier]) * 1000;
}

/** The environment of a spec that must not reach a service: nothing names one. */
function withoutServices(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _brokers, TEST_POSTGRES_URL: _postgres, MSSQL_URL: _mssql, ...rest } = env;
  return rest;
}

function isFastTier(compiled: string): boolean {
  return readFileSync(sourceOf(compiled), 'utf8').startsWith(fastTierMarker);
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
