// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { isPipelineError } from '../errors';
import { silentLogger } from '../log';
import { csvHeader } from '../schema';
import { scratchDir, testConfig } from '../../test/support';
import { mergeParts } from '.';
import { commitPartFile, plannedBatch, writeCommittedPart } from '../../test/support/merge/committedParts';

test('committed parts become one sorted CSV with one header and the exact numbers; parts and checkpoint are cleared', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    writeCommittedPart(config, 0, ['3,29.5,40.1,2026-11-26 10:00:01', '10,21.3,0.1,2026-11-26 10:00:00']);
    writeCommittedPart(config, 1, ['2,30,99.99,2026-11-26 10:00:00', '1,-40,100,2026-11-26 10:00:02', '1,85,0,2026-11-26 10:00:00', 'x,1,1,2026-11-26 10:00:00', '9,"a,""b",1,"2026-11-26 10:00:00"']);
    writeFileSync(join(config.paths.output, '_SUCCESS'), '');

    const wallStart = performance.now();
    const summary = await mergeParts({ config, logger: silentLogger });
    const wallSeconds = (performance.now() - wallStart) / 1000;

    assert.ok(summary.seconds <= wallSeconds + 0.001 && summary.seconds >= wallSeconds * 0.5, `seconds ${summary.seconds} vs wall ${wallSeconds}`);
    assert.is(summary.files, 2);
    assert.is(summary.rows, 7);
    assert.match(summary.backupPath!, /\/backup\/sensor_data_\d{8}_\d{6}\.csv$/);
    assert.is(readFileSync(summary.backupPath!, 'utf8'), [
      csvHeader,
      'x,1,1,2026-11-26 10:00:00',
      '1,85,0,2026-11-26 10:00:00',
      '2,30,99.99,2026-11-26 10:00:00',
      '9,"a,""b",1,2026-11-26 10:00:00',
      '10,21.3,0.1,2026-11-26 10:00:00',
      '3,29.5,40.1,2026-11-26 10:00:01',
      '1,-40,100,2026-11-26 10:00:02',
    ].join('\n') + '\n');
    assert.is(summary.bytes, readFileSync(summary.backupPath!).length);
    assert.equal(readdirSync(config.paths.output), ['_SUCCESS'], 'metadata files stay');
    assert.not.ok(existsSync(config.paths.checkpoint));
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
    writeCommittedPart(config, 0, lines);
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
    const { entry, path } = plannedBatch(config, 0, 2, 'parquet');
    pl.DataFrame({
      sensor_id: pl.Series('sensor_id', [2, 1], pl.Int64),
      temperature: pl.Series('temperature', [21.3, 29.5], pl.Float32),
      humidity: pl.Series('humidity', [44, 0.1], pl.Float64),
      timestamp: ['2026-11-26 10:00:00', '2026-11-26 10:00:00'],
    }).writeParquet(path);
    commitPartFile(config, entry, path, 2);
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

test('a file no commit names is refused by name; nothing is written or deleted', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    const good = writeCommittedPart(config, 0, ['1,20,50,2026-11-26 10:00:00']);
    const stranger = join(config.paths.output, 'part-00007.csv');
    writeFileSync(stranger, `${csvHeader}\n1,20,50,2026-11-26 10:00:00\n`);
    const error = await mergeParts({ config, logger: silentLogger }).then(() => undefined, (caught: Error) => caught);
    assert.ok(isPipelineError(error) && error.code === 'MERGE_MANIFEST_MISMATCH' && error.exitCode === 1);
    assert.match(error.message, /output\/part-00007\.csv: not named by any committed batch/);
    assert.ok(existsSync(good) && existsSync(stranger));
    assert.ok(existsSync(join(config.paths.checkpoint, 'commits', '0')));
    assert.not.ok(existsSync(config.paths.backup) && readdirSync(config.paths.backup).length > 0);
  } finally {
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
