import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../log';
import { runEtl } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('without FILE the oldest unloaded archive loads; --all loads the rest in order and ignores rejects files', async ({ database, config, backup }) => {
  writeArchive(backup, '20260102_000000', validLines(3));
  writeArchive(backup, '20260101_000000', validLines(2));
  writeArchive(backup, '20260103_000000', validLines(4));
  writeArchive(backup, '20260101_000000.rejects', validLines(1));
  const first = await runEtl({ config, logger: silentLogger, onInvalid: 'fail' });
  assert.equal(first.map((result) => result.sourceFile), ['sensor_data_20260101_000000.csv']);
  const rest = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', all: true });
  assert.equal(rest.map((result) => [result.sourceFile, result.status, result.recordsProcessed]), [
    ['sensor_data_20260102_000000.csv', 'SUCCESS', 3],
    ['sensor_data_20260103_000000.csv', 'SUCCESS', 4],
  ]);
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 9);
    assert.is((await etlLogRows(db)).length, 3);
  } finally {
    await db.close();
  }
});

test.run();
