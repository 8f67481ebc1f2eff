import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../log';
import { runEtl } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from './fixtures';
import { contractTest } from './suite';

/** Big enough that the bulk load runs for a while, so the second session catches it mid-way. */
const rows = 400_000;
const poison = 9_999;

contractTest('a load broken mid-way (connection killed; SQLite: a failing row) leaves no partial rows and a FAILED log row', async ({ engine, database, config, backup }) => {
  const lines = validLines(rows);
  lines[Math.floor(rows * 0.9)] = `${poison},21.5,55.0,2026-01-01 10:00:00`;
  writeArchive(backup, '20260101_130000', lines);
  const breakIt = await engine.breakLoad(database, poison);
  const [result, broke] = await Promise.all([runEtl({ config, logger: silentLogger, onInvalid: 'fail' }), breakIt()]);
  assert.ok(broke, 'the load was broken while it ran');
  assert.is(result[0].status, 'FAILED');
  assert.match(result[0].errorMessage ?? '', 'rolled back');
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 0, 'no partial rows');
    const logs = await etlLogRows(db);
    assert.equal(logs.map((row) => [row.status, row.records_processed, row.source_file]), [['FAILED', 0, 'sensor_data_20260101_130000.csv']]);
    assert.match(logs[0].error_message ?? '', 'failed, rolled back');
  } finally {
    await db.close();
  }
});

test.run();
