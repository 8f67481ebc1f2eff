import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { silentLogger } from '../../log';
import { csvHeader } from '../../schema';
import { runEtl } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('the same content twice: rows once, the second job SKIPPED; --force replaces only that content\'s rows', async ({ database, config, backup }) => {
  const file = writeArchive(backup, '20260101_120000', validLines(100));
  const first = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file });
  const second = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file });
  assert.equal(first.map((result) => result.status), ['SUCCESS']);
  assert.equal(second.map((result) => [result.status, result.recordsProcessed]), [['SKIPPED', 0]]);
  assert.match(second[0].errorMessage ?? '', `was loaded before as sensor_data_20260101_120000.csv`);
  assert.equal(await runEtl({ config, logger: silentLogger, onInvalid: 'fail' }), [], 'no archived file is left to load');

  // Other content under the same name is another file: it loads beside the first.
  writeFileSync(file, [csvHeader, ...validLines(30, 500)].join('\n') + '\n');
  const other = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file });
  assert.equal(other.map((result) => [result.status, result.recordsProcessed]), [['SUCCESS', 30]]);
  const forced = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file, force: true });
  assert.equal(forced.map((result) => [result.status, result.recordsProcessed]), [['SUCCESS', 30]]);

  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 130, 'the reload replaced its own 30 rows and kept the first content\'s 100');
    assert.equal((await etlLogRows(db)).map((row) => row.status), ['SUCCESS', 'SKIPPED', 'SUCCESS', 'SUCCESS']);
  } finally {
    await db.close();
  }
});

test.run();
