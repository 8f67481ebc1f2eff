import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { CycleResult } from './runCycle';
import { backups, csvRows, jsonLines, querySqlite, startIot, stopIot } from '../../test/support/cycle';

/** Kinds the consumer's structure check refuses; bad_timestamp and out_of_range pass it and reach the ETL. */
const quarantinedKinds = ['unparseable', 'missing_field', 'wrong_type', 'empty_value'];

test('--repeat 3: three backups, three ETL_Log rows, and every reading sent is in exactly one backup or in quarantine', async () => {
  const scratch = scratchDir();
  const run = startIot(['cycle', '--repeat', '3', '--duration', '10', '--pause', '1', '--rate', '100', '--sensors', '10', '--invalid-ratio', '0.1', '--json'], scratch.dir);
  try {
    const { code, stdout } = await run.done;
    assert.is(code, 0);
    const results = jsonLines<CycleResult>(stdout);
    assert.is(results.length, 3);
    const files = backups(scratch.dir);
    assert.is(files.length, 3);
    assert.equal(results.map((result) => result.backupPath), files);
    const log = querySqlite<{ status: string }>(scratch.dir, `SELECT status FROM "ETL_Log" WHERE job_name = 'etl_sensor_data' ORDER BY id`);
    assert.equal(log.map((row) => row.status), ['SUCCESS', 'SUCCESS', 'SUCCESS']);

    const sum = (pick: (result: CycleResult) => number) => results.reduce((total, result) => total + pick(result), 0);
    const sentByKind = (kinds: (kind: string) => boolean) => sum((result) => Object.entries(result.producedByKind).filter(([kind]) => kinds(kind)).reduce((total, [, count]) => total + count, 0));
    const archivedRows = files.flatMap(csvRows);
    assert.is(archivedRows.length, sentByKind((kind) => !quarantinedKinds.includes(kind)), 'every structurally valid reading is archived exactly once');
    const quarantined = quarantinedOffsets(scratch.dir);
    assert.is(quarantined.length, sentByKind((kind) => quarantinedKinds.includes(kind)), 'every malformed message is quarantined');
    assert.is(new Set(quarantined).size, quarantined.length, 'no message is quarantined twice');
    assert.is(sum((result) => result.produced), archivedRows.length + sum((result) => result.quarantined));
    for (const result of results) assert.is(result.produced, result.mergedRows + result.quarantined, `cycle ${result.cycle}: produced = merged + quarantined`);
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

/** partition:offset of every quarantined record (one JSON line each). */
function quarantinedOffsets(dataDir: string): string[] {
  const dir = join(dataDir, 'quarantine');
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => { const record = JSON.parse(line) as { partition: number; offset: number }; return `${record.partition}:${record.offset}`; });
}

test.run();
