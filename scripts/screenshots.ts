/**
 * `make screenshots`: regenerates every picture the README shows, from the code, with Debian's chromium
 * (playwright-core, never a downloaded browser), on a scratch data folder and topic of its own:
 *   - the live dashboard during a cycle (10 sensors, a few bad readings), at 1440 × 900;
 *   - the Superset dashboard after two cycles (with a SKIPPED and a FAILED job), its own Superset on a free port;
 *   - the consumer notebook as Jupyter renders it (nbconvert to HTML).
 * It prints one JSON line per picture: { file, title, bytes }, the title read from the page.
 *
 *   node dist/scripts/screenshots.js [--out-dir DIR] [--only dashboard,superset,notebook]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { chromium } from 'playwright-core';
import { Config, loadConfig } from '../lib/config';
import { createLogger, Logger } from '../lib/log';
import { ensureJupyter, notebooksDir } from '../lib/notebook/jupyter';
import { waitFor } from '../lib/process';
import { serviceFor } from '../lib/services/registry';
import { dashboardSlug, supersetFiles } from '../lib/services/superset';
import { checkDashboardInBrowser, chromiumLaunch } from '../lib/services/superset/dashboardInBrowser';
import { charts } from '../lib/services/superset/bundle/charts';
import { freePort } from '../test/support/freePort';
import { exited, iotChild, iotRun, showSkippedAndFailed } from './demoSteps';
import { repoRoot } from './makeTargets';

export interface Shot { name: 'dashboard' | 'superset' | 'notebook'; file: string; title: string; bytes: number }

const pictures = {
  dashboard: join('lib', 'dashboard', 'docs', 'dashboard.png'),
  superset: join('superset', 'docs', 'superset-dashboard.png'),
  notebook: join('lib', 'notebook', 'docs', 'notebook.png'),
};

const viewport = { width: 1440, height: 900 };
const cycleArgs = ['--sensors', '10', '--rate', '20', '--invalid-ratio', '0.03'];

interface Run { config: Config; env: NodeJS.ProcessEnv; logger: Logger; outDir: string; dataDir: string }

function arg(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? undefined : argv[at + 1];
}

/** The live dashboard while a cycle runs, once every sensor has drawn a stretch of readings. */
async function liveDashboard(run: Run): Promise<Shot> {
  const port = await freePort();
  const env = { ...run.env, DASHBOARD_PORT: String(port) };
  const dashboard = iotChild(['dashboard'], env, true);
  // Long enough that the page fills while the consumer still runs, on a busy machine too.
  const cycle = iotChild(['cycle', '--duration', '75', ...cycleArgs], env, true);
  try {
    type State = { sensors: Array<{ points: unknown[] }>; health: { batches?: { batches: unknown[]; consumer: { kind: string } } } };
    const state = () => fetch(`http://127.0.0.1:${port}/api/state`).then((r) => r.json() as Promise<State>);
    const filled = await waitFor(async () => {
      const snapshot = await state();
      const batches = snapshot.health.batches;
      return snapshot.sensors.length >= 10 && snapshot.sensors.every((sensor) => sensor.points.length >= 40)
        && batches !== undefined && batches.batches.length >= 3 && batches.consumer.kind === 'running';
    }, { timeoutMs: 240_000, intervalMs: 1_000 });
    if (!filled) throw new Error('the live dashboard showed no running consumer and readings of 10 sensors within 240 s');
    return await shoot('dashboard', `http://127.0.0.1:${port}/`, run.outDir, async (page) => page.locator('h1').first().textContent());
  } finally {
    dashboard.kill('SIGINT');
    await exited(dashboard);
    if (cycle.exitCode === null) await exited(cycle);
  }
}

/** Superset of its own (scratch home, free port) over the scratch warehouse, after the cycles. */
async function supersetDashboard(run: Run): Promise<Shot> {
  const port = await freePort();
  const env = { ...run.env, SUPERSET_PORT: String(port) };
  const config = loadConfig({ env });
  const superset = serviceFor('superset', config, run.logger);
  try {
    await superset.up();
    const file = join(run.outDir, pictures.superset);
    const result = await checkDashboardInBrowser({
      baseUrl: `http://127.0.0.1:${port}`,
      username: config.superset.adminUser,
      password: readFileSync(supersetFiles(config).adminPassword, 'utf8').trim(),
      dashboardPath: `/superset/dashboard/${dashboardSlug}/?standalone=1`,
      expectedCharts: charts.length,
      // Ten charts on a cold Superset: the first query of each warms its dataset, which took over 120 s on a loaded 2-core machine.
      timeoutMs: 300_000,
      screenshot: file,
      viewport: { width: 1440, height: 1300 },
      fullPage: false,
    });
    if (result.errors.length > 0) throw new Error(`Superset charts show errors: ${result.errors.join('; ')}`);
    return { name: 'superset', file, title: result.title, bytes: statSync(file).size };
  } finally {
    await superset.down();
  }
}

/** The consumer notebook as nbconvert renders it: the micro-batches it shows. */
async function notebookPage(run: Run): Promise<Shot> {
  const jupyter = await ensureJupyter(run.config, run.logger);
  const html = join(run.dataDir, 'notebook-html');
  await $({ quiet: true, env: jupyter.env })`${join(jupyter.venv, 'bin', 'jupyter')} nbconvert --to html --output-dir ${html} ${join(notebooksDir, 'consumer.ipynb')}`;
  return shoot('notebook', `file://${join(html, 'consumer.html')}`, run.outDir, async (page) => {
    const title = await page.locator('h1').first().textContent();
    // The part worth a picture: the micro-batches as they committed, under "Run the stream".
    await page.evaluate(`[...document.querySelectorAll('h2')].find((h) => h.textContent.startsWith('Run the stream'))?.scrollIntoView()`);
    return title;
  });
}

async function shoot(name: 'dashboard' | 'notebook', url: string, outDir: string, title: (page: import('playwright-core').Page) => Promise<string | null>): Promise<Shot> {
  const browser = await chromium.launch({ ...chromiumLaunch, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    // uPlot and the SSE stream draw within a second of the page's load; let them settle.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(1_500);
    const file = join(outDir, pictures[name]);
    mkdirSync(join(file, '..'), { recursive: true });
    const text = (await title(page)) ?? '';
    await page.screenshot({ path: file });
    return { name, file, title: text.replace(/\s+/g, ' ').replace(/¶$/, '').trim(), bytes: statSync(file).size };
  } finally {
    await browser.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const only = (arg(argv, 'only') ?? 'dashboard,superset,notebook').split(',');
  // A folder of its own that keeps services/ between runs: Superset's metadata database takes minutes to create once.
  const dataDir = join(repoRoot, 'data', 'screenshots');
  resetExceptServices(dataDir);
  const base = loadConfig();
  const logger = createLogger({ component: 'screenshots', ...base.log });
  // Our own broker (as `make up` starts it) unless KAFKA_BROKERS names one; the pictures' data stay in the scratch folder.
  const brokers = base.kafka.brokers?.join(',') ?? (await serviceFor('kafka', base, logger).up()).address ?? '';
  const env = {
    ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: brokers, KAFKA_TOPIC: `screenshots-${Date.now()}`, DATABASE_URL: '', LOG_LEVEL: 'warn',
  };
  const run: Run = { config: loadConfig({ env }), env, logger, outDir: arg(argv, 'out-dir') ?? repoRoot, dataDir };
  const shots: Shot[] = [];
  try {
    if (only.includes('superset') || only.includes('dashboard')) {
      logger.info('screenshots.cycle', { note: 'a first cycle, so the charts have history' });
      if (iotRun(['cycle', '--duration', '20', ...cycleArgs], env, true) !== 0) throw new Error('the first cycle failed; run `make cycle` to see why');
    }
    if (only.includes('dashboard')) shots.push(await liveDashboard(run));
    if (only.includes('superset')) {
      showSkippedAndFailed(run.config.paths.backup, (line) => logger.info('screenshots.etl', { note: line }), env, true);
      shots.push(await supersetDashboard(run));
    }
    if (only.includes('notebook')) shots.push(await notebookPage(run));
    for (const shot of shots) process.stdout.write(JSON.stringify(shot) + '\n');
    return 0;
  } finally {
    resetExceptServices(dataDir);
  }
}

function resetExceptServices(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  for (const name of readdirSync(dataDir)) if (name !== 'services') rmSync(join(dataDir, name), { recursive: true, force: true });
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: Error) => {
    process.stderr.write(`error [SCREENSHOTS_FAILED]: ${error.message}\n  → the lines above say which step; rerun \`make screenshots\`\n`);
    process.exit(1);
  });
}
