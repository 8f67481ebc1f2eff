import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { basename } from 'node:path';
import { SensorReading } from '../schema';
import { scratchDir } from '../../test/support';
import { backups, csvRows, jsonLines, querySqlite, startIot, stopIot } from '../../test/support/cycle';
import { closedBy, foldWindows, windowDifferences, WindowRow } from '../../test/support/stream/windowFold';
import { CycleResult } from './runCycle';

const windowMs = 20_000;
const slideMs = 5_000;

test('three cycles in a row with 20 s windows every 5 s spanning their boundaries: sensor_window equals a plain fold over the topic\'s readings, each (window, sensor) once', async () => {
  const scratch = scratchDir();
  // Cycles of 10 s with a merge, an ETL and a pause between them; a window starts every 5 s, so some 20 s window
  // closed by the end holds the tail of one cycle and the head of the next, wherever the epoch-aligned starts fall.
  const run = startIot(['cycle', '--repeat', '3', '--duration', '10', '--pause', '1', '--rate', '50', '--sensors', '5', '--invalid-ratio', '0',
    '--window', '20s', '--slide', '5s', '--watermark', '3s', '--json'], scratch.dir);
  try {
    const { code, stdout } = await run.done;
    assert.is(code, 0);
    const results = jsonLines<CycleResult>(stdout);
    assert.equal(results.map((result) => result.etlStatus), ['SUCCESS', 'SUCCESS', 'SUCCESS']);

    // Every reading the producer acknowledged is archived once (threeCyclesLoseNothingAndRepeatNothing proves it), so the archives are the topic.
    const archived = backups(scratch.dir).flatMap((file) => csvRows(file).map((line) => ({ reading: reading(line), archive: basename(file) })));
    assert.is(archived.length, results.reduce((sum, result) => sum + result.produced, 0), 'the archives hold the topic\'s readings');
    const watermark = results[results.length - 1].watermark ?? null;
    const expected = closedBy(foldWindows(archived.map((row) => row.reading), windowMs, slideMs), watermark);
    assert.ok(expected.size >= 5, `the fold closes ${expected.size} windows by the watermark ${watermark}`);

    const loaded = querySqlite<WindowRow & { partials: number }>(scratch.dir, 'SELECT * FROM sensor_window ORDER BY window_start, sensor_id');
    assert.equal(windowDifferences(loaded, expected).slice(0, 10), [], 'sensor_window equals the fold');
    assert.is(loaded.length, results.reduce((sum, result) => sum + result.windowRows.loaded, 0), 'every window row archived was loaded, once');

    const archivesOf = new Map<string, Set<string>>();
    for (const { reading: one, archive } of archived) {
      for (const key of [...expected.keys()].filter((candidate) => covers(candidate, one))) archivesOf.set(key, (archivesOf.get(key) ?? new Set()).add(archive));
    }
    const spanning = [...archivesOf.values()].filter((archives) => archives.size > 1).length;
    assert.ok(spanning > 0, 'some loaded window holds readings of two cycles');
    const log = querySqlite<{ job_name: string; status: string }>(scratch.dir, 'SELECT job_name, status FROM "ETL_Log" ORDER BY id');
    assert.ok(log.filter((row) => row.job_name === 'etl_sensor_window').length >= 1, 'window archives have their own ETL_Log rows');
    assert.ok(log.every((row) => row.status === 'SUCCESS'));
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

function reading(line: string): SensorReading {
  const [sensor, temperature, humidity, timestamp] = line.split(',');
  return { sensor_id: Number(sensor), temperature: Number(temperature), humidity: Number(humidity), timestamp };
}

/** Whether the window `key` (start|end|sensor) counts `one`. */
function covers(key: string, one: SensorReading): boolean {
  const [start, end, sensor] = key.split('|');
  return Number(sensor) === one.sensor_id && one.timestamp >= start && one.timestamp < end;
}

test.run();
