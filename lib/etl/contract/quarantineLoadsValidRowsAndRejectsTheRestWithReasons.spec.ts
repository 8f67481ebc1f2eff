import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { silentLogger } from '../../log';
import { quoteIdentifier, sensorDataTable } from '../../schema';
import { runEtl, rejectsFileFor } from '..';
import { etlLogRows, invalidLines, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('quarantine loads the valid rows, values unchanged, and writes the rest beside the archive with reasons', async ({ database, config, backup }) => {
  const valid = validLines(50);
  const file = writeArchive(backup, '20260101_110000', [...valid.slice(0, 25), ...invalidLines.map(([line]) => line), ...valid.slice(25)]);
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'quarantine' });
  assert.is(result.status, 'SUCCESS');
  assert.is(result.recordsProcessed, 50);
  assert.is(result.recordsRejected, invalidLines.length);
  assert.is(result.rejectsFile, rejectsFileFor(file));

  const rejects = readFileSync(rejectsFileFor(file), 'utf8').trim().split('\n');
  assert.is(rejects[0], 'line,sensor_id,temperature,humidity,timestamp,reason');
  assert.equal(rejects.slice(1).map((line) => line.split(',').pop()), invalidLines.map(([, rule]) => rule));
  assert.equal(rejects.slice(1).map((line) => line.split(',').slice(1, 5).join(',')), invalidLines.map(([line]) => line));

  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 50);
    const q = (name: string) => quoteIdentifier(db.engine, name);
    const rows = await db.query<{ sensor_id: number; temperature: number; humidity: number }>(
      `SELECT ${q('sensor_id')} AS sensor_id, ${q('temperature')} AS temperature, ${q('humidity')} AS humidity FROM ${q(sensorDataTable.name)} ORDER BY ${q('timestamp')}, ${q('sensor_id')}`,
    );
    const expected = valid.map((line) => line.split(',')).map(([s, t, h]) => ({ sensor_id: Number(s), temperature: Number(t), humidity: Number(h) }));
    const byKey = (a: { sensor_id: number; temperature: number }, b: { sensor_id: number; temperature: number }) => a.sensor_id - b.sensor_id || a.temperature - b.temperature;
    assert.equal(rows.map((row) => ({ sensor_id: Number(row.sensor_id), temperature: Number(row.temperature), humidity: Number(row.humidity) })).sort(byKey), expected.sort(byKey));
    const [log] = await etlLogRows(db);
    assert.equal([log.status, log.records_processed, log.records_rejected], ['SUCCESS', 50, invalidLines.length]);
  } finally {
    await db.close();
  }
});

test.run();
