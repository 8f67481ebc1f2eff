import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { etlLogRows, iotEtlStatus, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('two `iot etl` processes on the same file at once: rows once, one SUCCESS and one SKIPPED', async ({ database, config, backup }) => {
  const rows = 50_000;
  const file = writeArchive(backup, '20260101_140000', validLines(rows));
  const env = { DATA_DIR: config.paths.data, DATABASE_URL: database.url };
  const db = await database.open();
  try {
    await db.migrate(); // both processes then race on the load, not on creating tables
    const statuses = await Promise.all([iotEtlStatus(file, env), iotEtlStatus(file, env)]);
    assert.equal(statuses.sort(), ['SKIPPED', 'SUCCESS']);
    assert.is(await sensorRowCount(db), rows);
    assert.equal((await etlLogRows(db)).map((row) => row.status).sort(), ['SKIPPED', 'SUCCESS']);
  } finally {
    await db.close();
  }
});

test.run();
