import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../log';
import { csvHeader, etlLogTable, quoteIdentifier } from '../../schema';
import { runEtl } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('two files with the same base name and different content both load', async ({ database, config }) => {
  const [a, b] = ['a', 'b'].map((folder) => join(config.paths.data, folder));
  for (const dir of [a, b]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(a, 'bom.csv'), [csvHeader, ...validLines(10)].join('\n') + '\n');
  writeFileSync(join(b, 'bom.csv'), [csvHeader, ...validLines(7, 100)].join('\n') + '\n');
  const first = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file: join(a, 'bom.csv') });
  const second = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file: join(b, 'bom.csv') });
  assert.equal([...first, ...second].map((result) => [result.status, result.recordsProcessed]), [['SUCCESS', 10], ['SUCCESS', 7]]);
  const forced = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file: join(b, 'bom.csv'), force: true });
  assert.equal(forced.map((result) => [result.status, result.recordsProcessed]), [['SUCCESS', 7]]);
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 17, '--force on b/bom.csv kept the rows of a/bom.csv');
    const q = (name: string) => quoteIdentifier(db.engine, name);
    const logs = await db.query<{ source_sha256: string; source_bytes: number }>(`SELECT ${q('source_sha256')} AS source_sha256, ${q('source_bytes')} AS source_bytes FROM ${q(etlLogTable.name)} ORDER BY ${q('id')}`);
    assert.is(new Set(logs.map((row) => row.source_sha256)).size, 2, 'ETL_Log tells the two files apart by SHA-256');
    assert.ok(logs.every((row) => /^[0-9a-f]{64}$/.test(row.source_sha256) && Number(row.source_bytes) > 0), 'with their size');
  } finally {
    await db.close();
  }
});

contractTest('the same content under two names loads once', async ({ database, config, backup }) => {
  const original = writeArchive(backup, '20260101_080000', validLines(25));
  copyFileSync(original, join(backup, 'sensor_data_20260101_090000.csv'));
  const all = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', all: true });
  assert.equal(all.map((result) => [result.sourceFile, result.status]), [['sensor_data_20260101_080000.csv', 'SUCCESS']]);
  const byHand = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file: join(backup, 'sensor_data_20260101_090000.csv') });
  assert.equal(byHand.map((result) => result.status), ['SKIPPED']);
  assert.match(byHand[0].errorMessage ?? '', 'loaded before as sensor_data_20260101_080000.csv');
  assert.equal(await runEtl({ config, logger: silentLogger, onInvalid: 'fail', all: true }), [], 'nothing left to load');
  const db = await database.open();
  try {
    assert.is(await sensorRowCount(db), 25);
    assert.equal((await etlLogRows(db)).map((row) => row.status), ['SUCCESS', 'SKIPPED']);
  } finally {
    await db.close();
  }
});

test.run();
