import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { silentLogger } from '../../log';
import { runEtl, rejectsFileFor } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('a CSV row with a fifth field is rejected with its line number, not loaded with the field dropped', async ({ database, config, backup }) => {
  writeArchive(backup, '20260101_160000', [...validLines(3), '4,21.5,55.0,2026-01-01 00:00:01,surplus', ...validLines(2)]);
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'fail' });
  assert.is(result.status, 'FAILED');
  assert.match(result.errorMessage ?? '', 'too_many_fields: 1 row (line 5: more than 4 fields, the 5th "surplus")');
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 0);
    assert.equal((await etlLogRows(db)).map((row) => [row.status, row.records_rejected]), [['FAILED', 1]]);
  } finally {
    await db.close();
  }
});

contractTest('rejects.csv cells starting with = + - @ are written with a leading quote so spreadsheets show them as text', async ({ database, config, backup }) => {
  const file = writeArchive(backup, '20260101_170000', [
    ...validLines(2),
    '=1+1,21.5,55.0,2026-01-01 00:00:01',
    '5,+SUM(A1),55.0,2026-01-01 00:00:01',
    '6,21.5,-2+3,2026-01-01 00:00:01',
    '7,21.5,55.0,@cmd|calc',
    '8,-55,55.0,2026-01-01 00:00:01',
  ]);
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'quarantine' });
  assert.equal([result.status, result.recordsProcessed, result.recordsRejected], ['SUCCESS', 2, 5]);
  const lines = readFileSync(rejectsFileFor(file), 'utf8').trim().split('\n');
  assert.equal(lines.slice(1), [
    "4,'=1+1,21.5,55.0,2026-01-01 00:00:01,sensor_id_not_positive_integer",
    "5,5,'+SUM(A1),55.0,2026-01-01 00:00:01,temperature_not_a_number",
    "6,6,21.5,'-2+3,2026-01-01 00:00:01,humidity_not_a_number",
    "7,7,21.5,55.0,'@cmd|calc,timestamp_invalid",
    '8,8,-55,55.0,2026-01-01 00:00:01,temperature_out_of_range',
  ]);
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 2);
  } finally {
    await db.close();
  }
});

test.run();
