import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config, parseDatabaseUrl } from '../../config';
import { connectDatabase } from '../../db';
import { runEtl } from '../../etl';
import { contractEngines, postgresMissing, TestDatabase } from '../../../test/support/etl/engines';
import { invalidLines, writeArchive } from '../../../test/support/etl/fixtures';
import { AlertEventOf, WindowOf, writeAlertArchive, writeWindowArchive } from '../../../test/support/outputs/rows';
import { createLogger, silentLogger } from '../../log';
import { freePort, scratchDir, skipTest, testConfig } from '../../../test/support';
import { Service } from '../service';
import { supersetService } from '.';
import { charts } from './bundle/charts';
import { dashboardSlug } from './bundle/dashboard';
import { SupersetClient } from './client';
import { checkDashboardInBrowser } from './dashboardInBrowser';
import { ChartRows, expectedChartData } from './expectedChartData';
import { supersetFiles, supersetSourceDir } from './paths';

// One Superset for the whole file (a start and bootstrap take minutes), stopped in `after` also when a test fails.
const scratch = scratchDir('iot-superset-');
const logger = createLogger({ component: 'test.superset', level: 'warn' });
const screenshot = join(supersetSourceDir(), '..', 'data', 'artifacts', 'superset-dashboard.png');
let config: Config;
let service: Service;
let postgres: TestDatabase | undefined;

/** Readings of sensors 1..5 every 5 minutes through `hours`, e.g. ['08', '09']. */
function readings(hours: string[]): string[] {
  return hours.flatMap((hour) => Array.from({ length: 60 }, (_, index) => {
    const sensor = 1 + (index % 5);
    const minute = String(Math.floor(index / 5) * 5).padStart(2, '0');
    return `${sensor},${(18 + sensor + index / 10).toFixed(2)},${(40 + sensor * 3 + (index % 7)).toFixed(1)},2026-03-01 ${hour}:${minute}:${String(sensor).padStart(2, '0')}`;
  }));
}

/** Windows of sensors 1..3 over two minutes, one of them in two partials (archived by two merges). */
const windowsOf = (minutes: number[]): WindowOf[] => minutes.flatMap((minute) => [1, 2, 3].map((sensor) => ({
  start: `2026-03-01 09:0${minute}:00`, end: `2026-03-01 09:0${minute + 1}:00`, sensor,
  readings: [[18 + sensor + minute, 50, `2026-03-01 09:0${minute}:1${sensor}`], [19 + sensor, 51, `2026-03-01 09:0${minute}:4${sensor}`]] as WindowOf['readings'],
})));
const alertEvents: AlertEventOf[] = [
  { id: '2-spike-20260301090130', event: 'raised', sensor: 2, rule: 'spike', raisedAt: '2026-03-01 09:01:30', value: 35.5, detail: 'temperature 35.5 is 6σ from the mean 21' },
  { id: '2-spike-20260301090130', event: 'cleared', sensor: 2, rule: 'spike', raisedAt: '2026-03-01 09:01:30', clearedAt: '2026-03-01 09:02:10', value: 21, detail: 'back within 3σ' },
  { id: '4-silent-20260301100500', event: 'raised', sensor: 4, rule: 'silent', raisedAt: '2026-03-01 10:05:00', detail: 'no reading for 60 s of event time' },
];

/** Three archived files through the real ETL: a clean one (with its window and alert archives), one FAILED on an out-of-range value, one with rows quarantined. */
async function loadPipelineData(target: Config): Promise<void> {
  mkdirSync(target.paths.backup, { recursive: true });
  const clean = writeArchive(target.paths.backup, '20260301_090000', readings(['08', '09']));
  writeWindowArchive(target.paths.backup, '20260301_090000', windowsOf([0, 1]));
  writeAlertArchive(target.paths.backup, '20260301_090000', alertEvents);
  writeWindowArchive(target.paths.backup, '20260301_100000', windowsOf([1]).map((window) => ({ ...window, readings: window.readings.slice(0, 1) })));
  const outOfRange = writeArchive(target.paths.backup, '20260301_100000', [...readings(['10']).slice(0, 30), '3,120.5,50.0,2026-03-01 10:30:00']);
  const withRejects = writeArchive(target.paths.backup, '20260301_110000', [...readings(['11']), ...invalidLines.map(([line]) => line)]);
  await runEtl({ config: target, logger: silentLogger, file: clean, onInvalid: 'fail' });
  await runEtl({ config: target, logger: silentLogger, file: outOfRange, onInvalid: 'fail' });
  await runEtl({ config: target, logger: silentLogger, file: withRejects, onInvalid: 'quarantine' });
}

async function adminClient(): Promise<SupersetClient> {
  const password = readFileSync(supersetFiles(config).adminPassword, 'utf8').trim();
  return SupersetClient.login(`http://127.0.0.1:${config.superset.port}`, config.superset.adminUser, password);
}

/** Superset answers time columns as epoch milliseconds; the database has 'YYYY-MM-DD HH:mm:ss' (naive, read as UTC). */
function comparable(rows: ChartRows): string[] {
  const value = (name: string, v: unknown) => {
    if (typeof v === 'number' && ['timestamp', 'start_time', 'window_start', 'raised_at'].includes(name)) return new Date(v).toISOString().replace('T', ' ').slice(0, 19);
    if (typeof v === 'number') return Number(v.toFixed(6));
    return v;
  };
  return rows.map((row) => JSON.stringify(Object.fromEntries(Object.keys(row).sort().map((name) => [name, value(name, row[name])])))).sort();
}

async function assertChartsMatch(databaseUrl: string): Promise<void> {
  const db = await connectDatabase(parseDatabaseUrl(databaseUrl), silentLogger);
  const expected = await expectedChartData(db).finally(() => db.close());
  const client = await adminClient();
  const listed = await client.list<{ id: number; uuid: string; slice_name: string }>('chart', ['id', 'uuid', 'slice_name']);
  for (const chart of charts) {
    const found = listed.result.find((candidate) => candidate.slice_name === chart.title);
    assert.ok(found, `chart "${chart.title}" is in Superset`);
    const answer = await client.get<{ result: Array<{ data: ChartRows }> }>(`/api/v1/chart/${found.id}/data/`);
    const rows = answer.result[0].data;
    assert.ok(rows.length > 0, `chart "${chart.title}" has data`);
    assert.equal(comparable(rows), comparable(expected[chart.key]), `chart "${chart.title}" matches the database`);
  }
}

type Snapshot = Record<string, Array<Record<string, unknown>>>;

/** Every object the bundle owns, with ids: a re-bootstrap must leave this identical. */
async function snapshot(): Promise<Snapshot> {
  const client = await adminClient();
  const kinds: Array<[string, string[]]> = [
    ['database', ['id', 'uuid', 'database_name']],
    ['dataset', ['id', 'uuid', 'table_name']],
    ['chart', ['id', 'uuid', 'slice_name']],
    ['dashboard', ['id', 'uuid', 'dashboard_title']],
  ];
  const result: Snapshot = {};
  for (const [kind, columns] of kinds) result[kind] = (await client.list(kind, columns)).result.sort((a, b) => Number(a.id) - Number(b.id));
  result.dashboardCharts = ((await client.get<{ result: Array<{ id: number }> }>(`/api/v1/dashboard/${dashboardSlug}/charts`)).result).map((chart) => ({ id: chart.id }));
  return result;
}

test.before(async () => {
  const port = await freePort();
  // No SUPERSET_ADMIN_PASSWORD: the bootstrap must generate and keep one.
  config = testConfig(scratch.dir, { SUPERSET_PORT: String(port), SUPERSET_RUNTIME: 'native', SUPERSET_ADMIN_PASSWORD: '', SUPERSET_SECRET_KEY: '' });
  service = supersetService(config, logger);
});

async function stopEverything(): Promise<void> {
  await service?.down().catch((error) => console.error('superset down failed:', error));
  await postgres?.cleanup().catch(() => undefined);
  scratch.cleanup();
}

test.after(stopEverything);
// Superset runs detached (it outlives `iot services up`): stop it also when the run is interrupted.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => void stopEverything().finally(() => process.exit(code)));

test('after ETL cycles with a FAILED job, the bootstrap brings up Superset and every chart, read through the REST API, matches the database', async () => {
  await loadPipelineData(config);
  const started = Date.now();
  const status = await service.up();
  console.log(`superset up + bootstrap: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(status.ready);
  assert.match(status.detail ?? '', supersetFiles(config).adminPassword);
  assert.ok(existsSync(supersetFiles(config).secretKey), 'a secret key was generated and kept');
  await assertChartsMatch(config.database.url);
  const statuses = (await snapshot()).chart.length;
  assert.is(statuses, charts.length);
});

test('headless chromium logs in, opens the dashboard, every chart renders without an error, and a screenshot is kept', async () => {
  const password = readFileSync(supersetFiles(config).adminPassword, 'utf8').trim();
  const started = Date.now();
  const result = await checkDashboardInBrowser({
    baseUrl: `http://127.0.0.1:${config.superset.port}`,
    username: config.superset.adminUser,
    password,
    dashboardPath: `/superset/dashboard/${dashboardSlug}/`,
    expectedCharts: charts.length,
    screenshot,
  });
  console.log(`dashboard rendered in the browser in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshot ${screenshot}`);
  assert.is(result.rendered, charts.length);
  assert.equal(result.errors, []);
  assert.equal(result.empty, [], 'every chart has rows to draw');
  assert.ok(result.dataStatuses.length >= charts.length, `the dashboard asked for every chart's data (${result.dataStatuses.length} requests)`);
  assert.ok(result.dataStatuses.every((code) => code === 200), `chart data answers: ${result.dataStatuses.join(', ')}`);
  assert.ok(existsSync(screenshot));
});

test('running the bootstrap a second time changes nothing and duplicates nothing', async () => {
  const before = await snapshot();
  const started = Date.now();
  await service.up();
  console.log(`second bootstrap: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(await snapshot(), before);
  await assertChartsMatch(config.database.url);
});

const postgresEngine = contractEngines().available.find((candidate) => candidate.engine === 'postgres');
const onPostgres = 'pointed at PostgreSQL (same DATABASE_URL as the ETL), the bootstrap re-registers the database in place and the charts match PostgreSQL';
if (!postgresEngine) skipTest(onPostgres, postgresMissing);
else test(onPostgres, async () => {
  const engine = postgresEngine;
  postgres = await engine.freshDatabase();
  const pgConfig = testConfig(join(scratch.dir), {
    SUPERSET_PORT: String(config.superset.port), SUPERSET_RUNTIME: 'native', DATABASE_URL: postgres.url, SUPERSET_ADMIN_PASSWORD: '', SUPERSET_SECRET_KEY: '',
  });
  const before = await snapshot();
  const pgData = scratchDir('iot-superset-pg-');
  try {
    await loadPipelineData({ ...pgConfig, paths: { ...pgConfig.paths, backup: join(pgData.dir, 'backup') } });
  } finally {
    pgData.cleanup();
  }
  await supersetService(pgConfig, logger).up();
  assert.equal(await snapshot(), before, 'same objects, same ids: the database was updated, not added');
  await assertChartsMatch(postgres.url);
});

test.run();
