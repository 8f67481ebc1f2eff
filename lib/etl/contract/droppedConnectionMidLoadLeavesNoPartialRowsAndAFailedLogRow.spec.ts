import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../log';
import { runEtl } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

/** Big enough that the bulk load runs for a while, so the second session catches it mid-way. */
const rows = 400_000;
/** SQLite's trigger raises once this many rows are in: well inside the load, so the rollback has real rows to undo. */
const breakAfterRows = Math.floor(rows * 0.6);

contractTest('a load broken mid-way (connection killed; SQLite: a trigger raising after 240,000 rows) leaves no partial rows and a FAILED log row', async ({ engine, database, config, backup }) => {
  writeArchive(backup, '20260101_130000', validLines(rows));
  const breaker = await engine.breakLoad(database, breakAfterRows);
  const [result, killed] = await Promise.all([runEtl({ config, logger: silentLogger, onInvalid: 'fail' }), breaker.whileLoading?.()]);
  if (breaker.whileLoading) assert.ok(killed, 'the second session killed the load while it ran');
  assert.is(result[0].status, 'FAILED');
  assert.match(result[0].errorMessage ?? '', 'rolled back');
  assert.match(result[0].errorMessage ?? '', breaker.cause, 'the break, not something else, failed the load');
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
