import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { silentLogger } from '../log';
import { csvHeader } from '../schema';
import { scratchDir, testConfig } from '../testing';
import { mergeParts } from '.';

function writePart(dir: string, name: string, lines: string[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, [csvHeader, ...lines].join('\n') + '\n');
  return path;
}

test('parts become one sorted CSV with one header and the exact numbers; parts and checkpoint are cleared', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    writePart(config.paths.output, 'part-00000.csv', ['3,29.5,40.1,2026-11-26 10:00:01', '10,21.3,0.1,2026-11-26 10:00:00']);
    writePart(join(config.paths.output, 'batch=1'), 'part-00001.csv', ['2,30,99.99,2026-11-26 10:00:00', '1,-40,100,2026-11-26 10:00:02', '1,85,0,2026-11-26 10:00:00']);
    writeFileSync(join(config.paths.output, 'part-00002.csv'), '');
    writeFileSync(join(config.paths.output, '.part-00003.csv.tmp'), 'half written');
    writeFileSync(join(config.paths.output, '_SUCCESS'), '');
    mkdirSync(config.paths.checkpoint, { recursive: true });
    writeFileSync(join(config.paths.checkpoint, 'offsets'), '{}');

    const wallStart = performance.now();
    const summary = await mergeParts({ config, logger: silentLogger });
    const wallSeconds = (performance.now() - wallStart) / 1000;

    assert.ok(summary.seconds <= wallSeconds + 0.001 && summary.seconds >= wallSeconds * 0.5, `seconds ${summary.seconds} vs wall ${wallSeconds}`);
    assert.is(summary.files, 2);
    assert.is(summary.rows, 5);
    assert.match(summary.backupPath!, /\/backup\/sensor_data_\d{8}_\d{6}\.csv$/);
    assert.is(readFileSync(summary.backupPath!, 'utf8'), [
      csvHeader,
      '1,85,0,2026-11-26 10:00:00',
      '2,30,99.99,2026-11-26 10:00:00',
      '10,21.3,0.1,2026-11-26 10:00:00',
      '3,29.5,40.1,2026-11-26 10:00:01',
      '1,-40,100,2026-11-26 10:00:02',
    ].join('\n') + '\n');
    assert.is(summary.bytes, readFileSync(summary.backupPath!).length);
    assert.equal(readdirSync(config.paths.output).sort(), ['.part-00003.csv.tmp', '_SUCCESS'], 'temporary and metadata files stay');
    assert.equal(readdirSync(config.paths.checkpoint), []);
  } finally {
    scratch.cleanup();
  }
});

test('many decimals survive exactly (no float32 artefacts such as 29.499999)', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const values = ['29.5', '21.3', '0.1', '99.99', '33.33', '-12.7', '84.99', '0.30000000000000004', '1e-7', '45.123456789'];
    const lines = values.map((value, index) => `${index + 1},${value},${value.replace('-', '')},2026-11-26 10:00:${String(index).padStart(2, '0')}`);
    writePart(config.paths.output, 'part-00000.csv', lines);
    const summary = await mergeParts({ config, logger: silentLogger });
    const body = readFileSync(summary.backupPath!, 'utf8').trim().split('\n').slice(1);
    assert.equal(body, lines);
  } finally {
    scratch.cleanup();
  }
});

test('Parquet parts (Float32 too) merge with the shortest number text (21.3, 44 as the CSV parts write them), and --format parquet adds a typed copy', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    mkdirSync(config.paths.output, { recursive: true });
    pl.DataFrame({
      sensor_id: pl.Series('sensor_id', [2, 1], pl.Int64),
      temperature: pl.Series('temperature', [21.3, 29.5], pl.Float32),
      humidity: pl.Series('humidity', [44, 0.1], pl.Float64),
      timestamp: ['2026-11-26 10:00:00', '2026-11-26 10:00:00'],
    }).writeParquet(join(config.paths.output, 'part-00000.parquet'));
    const summary = await mergeParts({ config, logger: silentLogger, format: 'parquet' });
    assert.is(readFileSync(summary.backupPath!, 'utf8'), `${csvHeader}\n1,29.5,0.1,2026-11-26 10:00:00\n2,21.3,44,2026-11-26 10:00:00\n`);
    const copy = pl.readParquet(summary.parquetPath!);
    assert.is(summary.parquetPath, summary.backupPath!.replace(/\.csv$/, '.parquet'));
    assert.equal(copy.getColumn('temperature').toArray(), [29.5, 21.3]);
    assert.match(String(copy.getColumn('sensor_id').dtype), /Int64/);
  } finally {
    scratch.cleanup();
  }
});

test('a part with a different header is refused by name and nothing is written or deleted', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const good = writePart(config.paths.output, 'part-00000.csv', ['1,20,50,2026-11-26 10:00:00']);
    const bad = join(config.paths.output, 'part-00001.csv');
    writeFileSync(bad, 'sensor,temp,hum,ts\n1,20,50,2026-11-26 10:00:00\n');
    const error = await mergeParts({ config, logger: silentLogger }).then(() => undefined, (caught: Error) => caught);
    assert.ok(error, 'the merge must fail');
    assert.match(error!.message, /part-00001\.csv/);
    assert.match(error!.message, /sensor,temp,hum,ts/);
    assert.ok(existsSync(good) && existsSync(bad));
    assert.not.ok(existsSync(config.paths.backup) && readdirSync(config.paths.backup).length > 0);
  } finally {
    scratch.cleanup();
  }
});

test('a live consumer of another process (checkpoint/lock) stops the merge before anything is touched', async () => {
  const scratch = scratchDir();
  const consumer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    const config = testConfig(scratch.dir);
    const part = writePart(config.paths.output, 'part-00000.csv', ['1,20,50,2026-11-26 10:00:00']);
    mkdirSync(config.paths.checkpoint, { recursive: true });
    writeFileSync(join(config.paths.checkpoint, 'lock'), `${consumer.pid}\n`);
    const error = await mergeParts({ config, logger: silentLogger }).then(() => undefined, (caught: Error) => caught);
    assert.match(error?.message ?? '', new RegExp(`consumer \\(pid ${consumer.pid}\\)`));
    assert.ok(existsSync(part));
    assert.ok(existsSync(join(config.paths.checkpoint, 'lock')));
  } finally {
    consumer.kill('SIGKILL');
    scratch.cleanup();
  }
});

test('no parts: nothing written, no backup path', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const summary = await mergeParts({ config, logger: silentLogger });
    assert.equal({ files: summary.files, rows: summary.rows, backupPath: summary.backupPath }, { files: 0, rows: 0, backupPath: undefined });
    assert.not.ok(existsSync(config.paths.backup));
  } finally {
    scratch.cleanup();
  }
});

test.run();
