import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Database } from '../../db';
import { silentLogger } from '../../log';
import { quoteIdentifier, sensorWindowTable, windowsOutput } from '../../schema';
import { runEtl } from '..';
import { validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';
import { WindowOf, writeWindowArchive } from '../../../test/support/outputs/rows';

const minute = (m: number) => `2026-01-01 00:0${m}:00`;
const firstPartial: WindowOf = { start: minute(0), end: minute(1), sensor: 1, readings: [[20.5, 40, '2026-01-01 00:00:05'], [21.25, 41, '2026-01-01 00:00:20']] };
const secondPartial: WindowOf = { start: minute(0), end: minute(1), sensor: 1, readings: [[19.75, 45.5, '2026-01-01 00:00:40']] };
const whole: WindowOf = { start: minute(1), end: minute(2), sensor: 2, readings: [[30, 50, '2026-01-01 00:01:59']] };

/** What sensor_window must hold: both partials of (minute 0, sensor 1) as one row, exactly as a fold over their readings. */
const expected = [
  { window_start: minute(0), window_end: minute(1), sensor_id: 1, readings: 3, temperature_sum: 61.5, temperature_min: 19.75, temperature_max: 21.25, temperature_avg: 20.5,
    humidity_sum: 126.5, humidity_min: 40, humidity_max: 45.5, humidity_avg: 126.5 / 3, first_event: '2026-01-01 00:00:05', last_event: '2026-01-01 00:00:40', partials: 2 },
  { window_start: minute(1), window_end: minute(2), sensor_id: 2, readings: 1, temperature_sum: 30, temperature_min: 30, temperature_max: 30, temperature_avg: 30,
    humidity_sum: 50, humidity_min: 50, humidity_max: 50, humidity_avg: 50, first_event: '2026-01-01 00:01:59', last_event: '2026-01-01 00:01:59', partials: 1 },
];

contractTest('window partials in two archives combine into one exact row per (window, sensor), in either load order; --force of one archive changes nothing', async ({ database, config, backup }) => {
  const readings = writeArchive(backup, '20260101_000100', validLines(5));
  const first = writeWindowArchive(backup, '20260101_000100', [firstPartial, whole]);
  const second = writeWindowArchive(backup, '20260101_000200', [secondPartial]);
  const etl = (options: { file?: string; all?: boolean; force?: boolean }) => runEtl({ config, logger: silentLogger, onInvalid: 'fail', ...options });

  // The readings' archive brings the window archive of its merge: same run, one ETL_Log row each.
  const jobs = await etl({ file: readings });
  assert.equal(jobs.map((job) => [job.jobName, job.status, job.recordsProcessed]), [['etl_sensor_data', 'SUCCESS', 5], [windowsOutput.jobName, 'SUCCESS', 2]]);
  assert.equal((await etl({ all: true })).map((job) => [job.sourceFile, job.status, job.recordsProcessed]), [['sensor_windows_20260101_000200.csv', 'SUCCESS', 1]]);
  const db = await database.open();
  try {
    assertWindows(await windowRows(db), expected);
    assert.equal((await etl({ file: first })).map((job) => job.status), ['SKIPPED'], 'the same content is not combined twice');
    assert.equal((await etl({ file: first, force: true })).map((job) => [job.status, job.recordsProcessed]), [['SUCCESS', 2]]);
    assertWindows(await windowRows(db), expected);

    // The other order: the later partial first.
    for (const table of ['sensor_window', 'sensor_window_partial', 'ETL_Log']) await db.query(`DELETE FROM ${quoteIdentifier(db.engine, table)}`);
    assert.equal((await etl({ file: second })).map((job) => job.status), ['SUCCESS']);
    assert.equal((await etl({ file: first })).map((job) => job.status), ['SUCCESS']);
    assertWindows(await windowRows(db), expected);
    const log = await db.query<{ job_name: string }>(`SELECT ${quoteIdentifier(db.engine, 'job_name')} AS job_name FROM ${quoteIdentifier(db.engine, 'ETL_Log')}`);
    assert.equal(log.map((row) => row.job_name), ['etl_sensor_window', 'etl_sensor_window']);
  } finally {
    await db.close();
  }
});

contractTest('a window archive with a broken row fails its job naming line and rule, and loads nothing', async ({ database, config, backup }) => {
  const file = writeWindowArchive(backup, '20260101_000100', [whole, { ...firstPartial, start: minute(1) }]);
  const [job] = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file });
  assert.is(job.status, 'FAILED');
  assert.match(job.errorMessage ?? '', /1 of 2 rows break a rule:\nline 3: window_end is not after window_start; first_event \/ last_event outside the window/);
  const db = await database.open();
  try {
    assert.equal(await windowRows(db), []);
  } finally {
    await db.close();
  }
});

type WindowRow = Record<string, string | number>;

async function windowRows(db: Database): Promise<WindowRow[]> {
  const q = (name: string) => quoteIdentifier(db.engine, name);
  const columns = sensorWindowTable.columns.filter((column) => !column.name.startsWith('source_'));
  // Timestamps as text on every engine (PostgreSQL's driver would hand back local-time Dates).
  const select = columns.map((column) => (column.kind === 'timestamp' ? `CAST(${q(column.name)} AS VARCHAR(19)) AS ${column.name}` : `${q(column.name)} AS ${column.name}`));
  const rows = await db.query<WindowRow>(`SELECT ${select.join(', ')} FROM ${q(sensorWindowTable.name)} ORDER BY ${q('window_start')}, ${q('sensor_id')}`);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, typeof value === 'string' && !/^\d{4}-/.test(value) ? Number(value) : value])) as WindowRow);
}

/** Sums of binary fractions are exact; averages are compared to 1e-9. */
function assertWindows(actual: WindowRow[], wanted: WindowRow[]): void {
  assert.is(actual.length, wanted.length, 'one row per (window, sensor)');
  actual.forEach((row, index) => {
    for (const [name, value] of Object.entries(wanted[index])) {
      if (typeof value === 'number' && name.endsWith('_avg')) assert.ok(Math.abs(Number(row[name]) - value) < 1e-9, `${name}: ${row[name]} vs ${value}`);
      else assert.equal(typeof value === 'number' ? Number(row[name]) : row[name], value, `${name} of row ${index}`);
    }
  });
}

test.run();
