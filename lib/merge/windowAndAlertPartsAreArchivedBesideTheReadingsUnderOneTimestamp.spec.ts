import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { silentLogger } from '../log';
import { alertsOutput, csvHeader, windowsOutput } from '../schema';
import { scratchDir, testConfig } from '../../test/support';
import { writeCommittedBatch } from '../../test/support/merge/committedParts';
import { alertLine, windowLine } from '../../test/support/outputs/rows';
import { backupFileName } from './backupName';
import { writeJournal } from './mergeJournal';
import { mergeParts } from '.';

const window = (minute: number, sensor: number) => windowLine({
  start: `2026-01-01 00:0${minute}:00`, end: `2026-01-01 00:0${minute + 1}:00`, sensor, readings: [[20 + sensor, 50, `2026-01-01 00:0${minute}:07`]],
});
const alert = alertLine({ id: '2-stuck-20260101000107', event: 'raised', sensor: 2, rule: 'stuck', raisedAt: '2026-01-01 00:01:07', value: 22, detail: 'temperature 22, humidity 50 for 10 readings' });

test('window and alert parts are archived beside the readings under one timestamp, sorted, verified, and their parts removed', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const first = writeCommittedBatch(config, 0, { readings: ['10,20,50,2026-01-01 00:00:07', '2,22,50,2026-01-01 00:01:07'], windows: [window(1, 2), window(0, 10)], alerts: [alert] });
    const second = writeCommittedBatch(config, 1, { readings: ['1,21,50,2026-01-01 00:00:07'], windows: [window(0, 1)] });
    const summary = await mergeParts({ config, logger: silentLogger });

    assert.is(summary.rows, 3);
    assert.is(summary.files, 2, 'readings part files');
    const stamp = basename(summary.backupPath!).replace('sensor_data_', '');
    assert.equal(summary.outputs, [
      { output: 'windows', files: 2, rows: 3, path: join(config.paths.backup, `sensor_windows_${stamp}`) },
      { output: 'alerts', files: 1, rows: 1, path: join(config.paths.backup, `sensor_alerts_${stamp}`) },
    ]);
    assert.is(readFileSync(summary.outputs[0].path, 'utf8'), [windowsOutput.header, window(0, 1), window(0, 10), window(1, 2)].join('\n') + '\n', 'sorted by window, then sensor as a number');
    assert.is(readFileSync(summary.outputs[1].path, 'utf8'), `${alertsOutput.header}\n${alert}\n`);
    for (const path of [...Object.values(first), ...Object.values(second)]) assert.not.ok(path && existsSync(path), `${path} removed after the archive`);
  } finally {
    scratch.cleanup();
  }
});

test('a window part changed after its batch committed stops the merge by name before anything is written', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const { windows } = writeCommittedBatch(config, 0, { readings: ['1,21,50,2026-01-01 00:00:07'], windows: [window(0, 1), window(1, 1)] });
    truncateSync(windows!, 40);
    const error = await mergeParts({ config, logger: silentLogger }).then(() => undefined, (caught: Error & { code?: string }) => caught);
    assert.is(error?.code, 'MERGE_MANIFEST_MISMATCH');
    assert.match(error!.message, `${windows}: 40 bytes, but batch 0 committed`);
    const archives = existsSync(config.paths.backup) ? readdirSync(config.paths.backup).filter((name) => !name.startsWith('.')) : [];
    assert.equal(archives, [], 'no archive written');
    assert.ok(existsSync(windows!));
  } finally {
    scratch.cleanup();
  }
});

test('a merge killed after naming its window archive but before the readings\' archive takes the name back and merges once', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const { readings, windows } = writeCommittedBatch(config, 0, { readings: ['1,21,50,2026-01-01 00:00:07'], windows: [window(0, 1)] });
    mkdirSync(config.paths.backup, { recursive: true });
    const temp = join(config.paths.backup, '.merge-1-1.tmp.csv');
    const windowTemp = join(config.paths.backup, '.merge-1-1.windows.tmp.csv');
    writeFileSync(temp, `${csvHeader}\n1,21,50,2026-01-01 00:00:07\n`);
    writeFileSync(windowTemp, `${windowsOutput.header}\n${window(0, 1)}\n`);
    const orphan = join(config.paths.backup, backupFileName(new Date(2026, 0, 1), 'csv', windowsOutput.archivePrefix));
    linkSync(windowTemp, orphan);
    writeJournal(config.paths.backup, { tempPath: temp, files: [readings!, windows!], companions: [windowTemp] });

    const summary = await mergeParts({ config, logger: silentLogger });
    assert.not.ok(existsSync(orphan), 'the window archive of the unfinished merge is gone');
    assert.equal(readdirSync(config.paths.backup).sort(), [basename(summary.backupPath!), basename(summary.outputs[0].path)].sort(), 'one merge\'s archives, no temporary file or journal');
    assert.is(readFileSync(summary.outputs[0].path, 'utf8'), `${windowsOutput.header}\n${window(0, 1)}\n`);
  } finally {
    scratch.cleanup();
  }
});

test.run();
