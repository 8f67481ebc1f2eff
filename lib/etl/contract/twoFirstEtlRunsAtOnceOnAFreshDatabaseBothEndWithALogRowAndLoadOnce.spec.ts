import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrations } from '../../db';
import { migrationTable, quoteIdentifier } from '../../schema';
import { etlLogRows, iotEtlStatus, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('two first ETL runs at once on a fresh database: both migrate under the lock, two ETL_Log rows, data loaded once', async ({ database, config, backup }) => {
  const rows = 20_000;
  const file = writeArchive(backup, '20260101_150000', validLines(rows));
  const env = { DATA_DIR: config.paths.data, DATABASE_URL: database.url };
  // No migrate() here: both processes find an empty database and race to create the tables.
  const statuses = await Promise.all([iotEtlStatus(file, env), iotEtlStatus(file, env)]);
  assert.equal(statuses.sort(), ['SKIPPED', 'SUCCESS']);
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), rows);
    assert.equal((await etlLogRows(db)).map((row) => row.status).sort(), ['SKIPPED', 'SUCCESS']);
    const q = (name: string) => quoteIdentifier(db.engine, name);
    const versions = await db.query<{ version: number }>(`SELECT ${q('version')} AS version FROM ${q(migrationTable.name)} ORDER BY ${q('version')}`);
    assert.equal(versions.map((row) => Number(row.version)), migrations.map((migration) => migration.version), 'each migration recorded once');
  } finally {
    await db.close();
  }
});

test.run();
