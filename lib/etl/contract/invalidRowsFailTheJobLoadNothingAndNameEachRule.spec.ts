import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { silentLogger } from '../../log';
import { runEtl, rejectsFileFor } from '..';
import { etlLogRows, invalidLines, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('a file with each kind of invalid row fails, loads nothing, and error_message names each rule with its count', async ({ database, config, backup }) => {
  const file = writeArchive(backup, '20260101_100000', [...validLines(20), ...invalidLines.map(([line]) => line)]);
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'fail' });
  assert.is(result.status, 'FAILED');
  assert.is(result.recordsProcessed, 0);
  assert.is(result.recordsRejected, invalidLines.length);
  assert.not.ok(existsSync(rejectsFileFor(file)), 'fail mode writes no rejects file');
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 0);
    const [log] = await etlLogRows(db);
    assert.is(log.status, 'FAILED');
    assert.is(log.source_file, 'sensor_data_20260101_100000.csv');
    assert.is(log.records_processed, 0);
    assert.is(log.records_rejected, invalidLines.length);
    const message = log.error_message ?? '';
    for (const [rule, count] of [['missing_value', 1], ['sensor_id_not_positive_integer', 1], ['temperature_out_of_range', 1], ['humidity_out_of_range', 1], ['timestamp_invalid', 2]] as const) {
      assert.match(message, `${rule}: ${count} row`, `error_message names ${rule} with its count`);
    }
    assert.match(message, 'line 22: temperature empty');
    assert.match(message, 'line 24: temperature="120.5"');
    assert.match(message, 'line 26: timestamp="2026-02-30 10:00:00"');
  } finally {
    await db.close();
  }
});

test.run();
