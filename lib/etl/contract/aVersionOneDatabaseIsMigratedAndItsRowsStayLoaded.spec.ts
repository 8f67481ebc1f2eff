import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../log';
import { migrations } from '../../db';
import { migrationTable, quoteIdentifier, sensorDataTable, streamOutputTables } from '../../schema';
import { runEtl } from '..';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('a database of schema version 1 gains the content columns; a file it loaded by name is not loaded again', async ({ database, config, backup }) => {
  const db = await database.open();
  try {
    const q = (name: string) => quoteIdentifier(db.engine, name);
    // The database as the first release left it: version 1 tables, one file loaded, no hashes anywhere.
    await db.transaction(async (tx) => {
      for (const statement of migrations[0].statements(db.engine)) await tx.query(statement);
      await tx.query(`CREATE TABLE ${q(migrationTable.name)} (${q('version')} INTEGER NOT NULL, ${q('description')} VARCHAR(255) NOT NULL, ${q('applied_at')} VARCHAR(30) NOT NULL)`);
      await tx.query(`INSERT INTO ${q(migrationTable.name)} VALUES (1, 'v1', '2026-01-01 00:00:00')`);
      await tx.query(`INSERT INTO ${q(sensorDataTable.name)} (${['sensor_id', 'temperature', 'humidity', 'timestamp', 'source_file'].map(q).join(', ')}) VALUES (1, 20, 40, '2026-01-01 00:00:00', 'sensor_data_20260101_000000.csv')`);
      await tx.query(`INSERT INTO ${q('ETL_Log')} (${['job_name', 'start_time', 'end_time', 'status', 'records_processed', 'records_rejected', 'source_file'].map(q).join(', ')}) VALUES ('etl_sensor_data', '2026-01-01 00:00:00', '2026-01-01 00:00:01', 'SUCCESS', 1, 0, 'sensor_data_20260101_000000.csv')`);
    });
    writeArchive(backup, '20260101_000000', validLines(1));
    writeArchive(backup, '20260101_010000', validLines(5));
    const results = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', all: true });
    assert.equal(results.map((result) => [result.sourceFile, result.status]), [['sensor_data_20260101_010000.csv', 'SUCCESS']]);
    assert.is(await sensorRowCount(db), 6);
    assert.equal((await etlLogRows(db)).map((row) => row.status), ['SUCCESS', 'SUCCESS']);
    const versions = await db.query<{ version: number }>(`SELECT ${q('version')} AS version FROM ${q(migrationTable.name)} ORDER BY ${q('version')}`);
    assert.equal(versions.map((row) => Number(row.version)), [1, 2, 3]);
    for (const table of streamOutputTables) assert.equal(await db.query(`SELECT COUNT(*) AS n FROM ${q(table.name)}`).then((rows) => Number(rows[0].n)), 0, `${table.name} exists, empty`);
  } finally {
    await db.close();
  }
});

test.run();
