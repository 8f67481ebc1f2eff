import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { CycleResult } from './runCycle';
import { backups, csvRows, jsonLines, querySqlite, startIot, stopIot, visibleEntries } from '../../test/support/cycle';

test('iot cycle --consumers 3: three consumer processes of one group, produced = merged + quarantined, each part file named by its instance, ETL SUCCESS', async () => {
  const scratch = scratchDir();
  const run = startIot(['cycle', '--duration', '15', '--rate', '200', '--sensors', '20', '--invalid-ratio', '0.05', '--consumers', '3', '--json'], scratch.dir, { LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
  try {
    const { code, stdout, stderr } = await run.done;
    assert.is(code, 0, stderr.slice(-2_000));
    const [result] = jsonLines<CycleResult>(stdout);
    const instances = new Set([...stderr.matchAll(/"event":"stream\.start"[^\n]*"instance":"(cycle-\d)"/g)].map((match) => match[1]));
    assert.equal([...instances].sort(), ['cycle-1', 'cycle-2', 'cycle-3'], 'three instances ran');
    const files = backups(scratch.dir);
    assert.is(files.length, 1);
    const rows = csvRows(files[0]);
    assert.ok(rows.length > 1_500, `expected about 2850 rows, got ${rows.length}`);
    assert.is(rows.length, result.mergedRows);
    assert.is(result.produced, result.mergedRows + result.quarantined, 'produced = merged + quarantined');
    assert.equal(visibleEntries(join(scratch.dir, 'output')), []);
    // Only the stream's state store stays: open windows and alert state carry over to the next cycle.
    assert.equal(visibleEntries(join(scratch.dir, 'checkpoint')), ['state']);
    const log = querySqlite<{ status: string }>(scratch.dir, `SELECT status FROM "ETL_Log" WHERE job_name = 'etl_sensor_data'`);
    assert.equal(log.map((row) => row.status), ['SUCCESS']);
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

test.run();
