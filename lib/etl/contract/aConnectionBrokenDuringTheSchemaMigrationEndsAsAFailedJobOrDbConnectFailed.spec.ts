import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { etlLogRows, iotEtlProcess, sensorRowCount, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { ContractContext, contractTest } from '../../../test/support/etl/suite';

const file = 'sensor_data_20260101_140000.csv';

/** Where the error must say the database is: SQLite's file, or host:port/database of a server. */
function whereDatabaseIs(url: string): string {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port}${parsed.pathname}`;
}

async function breakTheMigration({ engine, database, config, backup }: ContractContext, how: 'kill' | 'drop') {
  writeArchive(backup, '20260101_140000', validLines(100));
  const breaker = await engine.breakMigration(database, how);
  const [run, broke] = await Promise.all([
    iotEtlProcess([], { DATA_DIR: config.paths.data, DATABASE_URL: database.url }),
    breaker.whileMigrating?.(),
  ]);
  if (breaker.whileMigrating) assert.ok(broke, 'the second session broke the ETL while it waited inside its migration');
  assert.is(run.code, 1, `exit 1; stdout ${run.stdout} stderr ${run.stderr}`);
  assert.not.match(run.stderr, 'UNEXPECTED', 'no raw exception');
  return { run, outcome: breaker.outcome };
}

contractTest('a session killed during the schema migration ends as a FAILED job with its ETL_Log row (SQLite, which has no session: DB_CONNECT_FAILED naming the file); exit 1, no raw exception', async (context) => {
  const { run, outcome } = await breakTheMigration(context, 'kill');
  if (outcome === 'DB_CONNECT_FAILED') {
    assert.match(run.stderr, 'error [DB_CONNECT_FAILED]');
    assert.match(run.stderr, whereDatabaseIs(context.database.url));
    assert.match(run.stderr, 'schema migration failed twice');
    return;
  }
  assert.match(run.stdout, `FAILED  ${file}: 0 rows loaded`);
  assert.match(run.stdout, 'schema migration');
  const db = await context.database.open();
  try {
    assert.is(await sensorRowCount(db), 0, 'nothing loaded');
    const logs = await etlLogRows(db);
    assert.equal(logs.map((row) => [row.status, row.records_processed, row.source_file]), [['FAILED', 0, file]]);
    assert.match(logs[0].error_message ?? '', `the schema migration on ${whereDatabaseIs(context.database.url)} failed`);
    assert.match(logs[0].error_message ?? '', 'run `iot etl` again');
  } finally {
    await db.close();
  }
});

contractTest('a database dropped during the schema migration ends as DB_CONNECT_FAILED naming it; exit 1, no raw exception', async (context) => {
  const { run } = await breakTheMigration(context, 'drop');
  assert.match(run.stderr, 'error [DB_CONNECT_FAILED]');
  assert.match(run.stderr, whereDatabaseIs(context.database.url));
});

test.run();
