import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { CycleResult } from './runCycle';
import { backups, csvRows, jsonLines, querySqlite, startIot, stopIot, visibleEntries } from '../../test/support/cycle';

test('iot cycle --duration 20 from an empty data folder: one backup of every consumed row, output and checkpoint empty but for the state store, one SUCCESS in ETL_Log, sensor_data holds the rows', async () => {
  const scratch = scratchDir();
  const run = startIot(['cycle', '--duration', '20', '--rate', '50', '--sensors', '5', '--invalid-ratio', '0.1', '--json'], scratch.dir);
  try {
    const { code, stdout } = await run.done;
    assert.is(code, 0);
    const [result] = jsonLines<CycleResult>(stdout);
    const files = backups(scratch.dir);
    assert.is(files.length, 1);
    assert.is(result.backupPath, files[0]);
    const rows = csvRows(files[0]);
    assert.ok(rows.length > 500, `expected about 1000 rows, got ${rows.length}`);
    assert.is(rows.length, result.mergedRows);
    assert.is(result.consumed - result.quarantined, rows.length, 'the backup holds what the consumer wrote');
    assert.is(result.produced, result.mergedRows + result.quarantined, 'produced = merged + quarantined');
    assert.equal(visibleEntries(join(scratch.dir, 'output')), []);
    // Only the stream's state store stays (open windows and alerts carry over to the next cycle).
    assert.equal(visibleEntries(join(scratch.dir, 'checkpoint')).filter((name) => name !== 'state'), []);

    const log = querySqlite<{ status: string; records_processed: number; records_rejected: number; source_file: string }>(scratch.dir, `SELECT status, records_processed, records_rejected, source_file FROM "ETL_Log" WHERE job_name = 'etl_sensor_data'`);
    assert.is(log.length, 1);
    assert.is(log[0].status, 'SUCCESS');
    assert.is(log[0].records_processed + log[0].records_rejected, rows.length);
    type Row = { sensor_id: number; temperature: number; humidity: number; timestamp: string };
    const loaded = querySqlite<Row>(scratch.dir, 'SELECT sensor_id, temperature, humidity, timestamp FROM sensor_data');
    assert.is(loaded.length, log[0].records_processed);
    assert.is(loaded.length, result.loadedRows);
    // Compared as values: SQLite REAL prints 62 as 62.0, the CSV keeps the producer's 62.
    const key = (row: Row) => `${row.sensor_id}|${row.temperature}|${row.humidity}|${row.timestamp}`;
    const archived = new Set(rows.map((line) => { const [id, t, h, ts] = line.split(','); return key({ sensor_id: Number(id), temperature: Number(t), humidity: Number(h), timestamp: ts }); }));
    const missing = loaded.map(key).filter((line) => !archived.has(line));
    assert.equal(missing.slice(0, 5), [], 'every loaded row is a row of the backup');
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

test.run();
