import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessageMax } from '../../errors';
import { etlLogRows, iotEtlProcess, validLines, writeArchive } from '../../../test/support/etl/fixtures';
import { contractTest } from '../../../test/support/etl/suite';

contractTest('a 5 MB timestamp is quoted cut to 200 characters; error_message and the log line stay within 4,000', async ({ database, config, backup }) => {
  const huge = '2026-01-01 00:00:00' + 'x'.repeat(5 * 1024 * 1024);
  writeArchive(backup, '20260101_180000', [...validLines(2), `3,21.5,55.0,${huge}`]);
  const run = await iotEtlProcess([], { DATA_DIR: config.paths.data, DATABASE_URL: database.url, LOG_LEVEL: 'info' });
  assert.is(run.code, 1);
  const db = await database.open();
  try {
    const [log] = await etlLogRows(db);
    const message = log.error_message ?? '';
    assert.ok(message.length <= errorMessageMax, `error_message has ${message.length} characters`);
    assert.match(message, `line 4: timestamp="2026-01-01 00:00:00xxx`);
    assert.match(message, `(+${huge.length - 200} characters cut)`);
  } finally {
    await db.close();
  }
  const logLines = readFileSync(join(config.paths.logs, 'iot.jsonl'), 'utf8').trim().split('\n');
  const failed = logLines.map((line) => JSON.parse(line)).find((record) => record.event === 'etl.job.failed');
  assert.ok(failed, 'the failure is logged');
  assert.ok(Math.max(...logLines.map((line) => line.length)) < 2 * errorMessageMax, 'no log line carries the whole value');
  assert.ok(run.stdout.length + run.stderr.length < 4 * errorMessageMax, 'nor does the console');
});

test.run();
