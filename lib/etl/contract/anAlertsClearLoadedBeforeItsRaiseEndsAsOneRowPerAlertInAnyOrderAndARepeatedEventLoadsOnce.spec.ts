import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Database } from '../../db';
import { silentLogger } from '../../log';
import { quoteIdentifier, sensorAlertTable } from '../../schema';
import { runEtl } from '..';
import { contractTest } from '../../../test/support/etl/suite';
import { AlertEventOf, writeAlertArchive } from '../../../test/support/outputs/rows';

const raiseX: AlertEventOf = { id: '3-spike-20260101000010', event: 'raised', sensor: 3, rule: 'spike', raisedAt: '2026-01-01 00:00:10', value: 41.5, detail: 'temperature 41.5 is 5.2σ from the mean 21.0, over 60 readings' };
const clearX: AlertEventOf = { id: raiseX.id, event: 'cleared', sensor: 3, rule: 'spike', raisedAt: raiseX.raisedAt, clearedAt: '2026-01-01 00:00:30', value: 21.2, detail: 'back within 3σ for 5 readings' };
const raiseY: AlertEventOf = { id: '7-silent-20260101000100', event: 'raised', sensor: 7, rule: 'silent', raisedAt: '2026-01-01 00:01:00', detail: 'no reading for 60 s of event time' };

/** One row per alert: the raise's value and detail, the clear's time; Y still open. */
const expected = [
  { alert_id: raiseX.id, sensor_id: 3, rule: 'spike', raised_at: raiseX.raisedAt, cleared_at: clearX.clearedAt, value: 41.5, detail: raiseX.detail },
  { alert_id: raiseY.id, sensor_id: 7, rule: 'silent', raised_at: raiseY.raisedAt, cleared_at: null, value: null, detail: raiseY.detail },
];

contractTest('an alert\'s clear loaded before its raise ends as one row per alert, in either order; a raise repeated in a later archive loads once', async ({ database, config, backup }) => {
  // The clear and Y's raise in one archive, X's raise in another: a stream that crossed a cycle boundary, or a redo.
  const withClear = writeAlertArchive(backup, '20260101_000100', [clearX, raiseY]);
  const withRaise = writeAlertArchive(backup, '20260101_000200', [raiseX]);
  const etl = (file: string) => runEtl({ config, logger: silentLogger, onInvalid: 'fail', file });
  const db = await database.open();
  try {
    assert.equal((await etl(withClear)).map((job) => [job.jobName, job.status, job.recordsProcessed]), [['etl_sensor_alert', 'SUCCESS', 2]]);
    const clearOnly = await alertRows(db);
    assert.equal(clearOnly.map((row) => [row.alert_id, row.cleared_at, row.detail]), [[raiseX.id, clearX.clearedAt, clearX.detail], [raiseY.id, null, raiseY.detail]],
      'before its raise is loaded, the alert shows the clear');
    assert.equal((await etl(withRaise)).map((job) => job.status), ['SUCCESS']);
    assert.equal(await alertRows(db), expected);

    const replayed = writeAlertArchive(backup, '20260101_000300', [raiseX, raiseY]);
    assert.equal((await etl(replayed)).map((job) => [job.status, job.recordsProcessed]), [['SUCCESS', 0]], 'events loaded before are not loaded again');
    assert.equal(await alertRows(db), expected);
    assert.equal((await etl(withRaise)).map((job) => job.status), ['SKIPPED']);

    for (const table of ['sensor_alert', 'sensor_alert_event', 'ETL_Log']) await db.query(`DELETE FROM ${quoteIdentifier(db.engine, table)}`);
    for (const file of [withRaise, withClear]) assert.equal((await etl(file)).map((job) => job.status), ['SUCCESS']);
    assert.equal(await alertRows(db), expected, 'raise first gives the same rows');
  } finally {
    await db.close();
  }
});

contractTest('an alert event with an unknown rule is quarantined with its reason and the rest load', async ({ database, config, backup }) => {
  const file = writeAlertArchive(backup, '20260101_000100', [raiseY, { ...raiseX, rule: 'hot' }]);
  const [job] = await runEtl({ config, logger: silentLogger, onInvalid: 'quarantine', file });
  assert.equal([job.status, job.recordsProcessed, job.recordsRejected], ['SUCCESS', 1, 1]);
  assert.ok(job.rejectsFile?.endsWith('sensor_alerts_20260101_000100.rejects.csv'));
  assert.match(readFileSync(job.rejectsFile!, 'utf8'), /^line,alert_id,event,sensor_id,rule,raised_at,cleared_at,value,detail,reason\n3,3-spike-20260101000010,raised,3,hot,.*,"rule is ""hot"", not one of out_of_range, spike, stuck, silent"\n$/);
  const db = await database.open();
  try {
    assert.equal((await alertRows(db)).map((row) => row.alert_id), [raiseY.id]);
  } finally {
    await db.close();
  }
});

async function alertRows(db: Database): Promise<Array<Record<string, unknown>>> {
  const q = (name: string) => quoteIdentifier(db.engine, name);
  const columns = sensorAlertTable.columns.filter((column) => !column.name.startsWith('source_'));
  const select = columns.map((column) => (column.kind === 'timestamp' ? `CAST(${q(column.name)} AS VARCHAR(19)) AS ${column.name}` : `${q(column.name)} AS ${column.name}`));
  const rows = await db.query(`SELECT ${select.join(', ')} FROM ${q(sensorAlertTable.name)} ORDER BY ${q('alert_id')}`);
  return rows.map((row) => ({ ...row, sensor_id: Number(row.sensor_id), value: row.value === null ? null : Number(row.value) }));
}

test.run();
