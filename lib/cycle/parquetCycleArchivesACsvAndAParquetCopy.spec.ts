import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import pl from 'nodejs-polars';
import { scratchDir } from '../../test/support';
import { CycleResult } from './runCycle';
import { backups, csvRows, jsonLines, startIot, stopIot } from '../../test/support/cycle';

test('iot cycle --format parquet: Parquet parts become the CSV backup plus a Parquet copy with the same rows', async () => {
  const scratch = scratchDir();
  const run = startIot(['cycle', '--duration', '8', '--rate', '40', '--format', 'parquet', '--json'], scratch.dir);
  try {
    const { code, stdout } = await run.done;
    assert.is(code, 0);
    const [result] = jsonLines<CycleResult>(stdout);
    const [csv] = backups(scratch.dir);
    const parquet = csv.replace(/\.csv$/, '.parquet');
    assert.ok(existsSync(parquet));
    const rows = csvRows(csv);
    assert.is(rows.length, result.mergedRows);
    assert.is(pl.readParquet(parquet).height, rows.length);
    assert.equal(rows.filter((line) => line.split(',').slice(1, 3).some((value) => value.endsWith('.0'))), [], 'whole numbers read 44, not 44.0');
    assert.is(result.etlStatus, 'SUCCESS');
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

test.run();
