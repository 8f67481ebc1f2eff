import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvHeader } from '../schema';
import { scratchDir } from '../../test/support';

const root = join(__dirname, '..', '..', '..');

/** `iot etl` on the embedded SQLite of a scratch data folder, with one archive holding `body`. */
function etlOf(body: string | Buffer, args: string[] = []) {
  const scratch = scratchDir('iot-etl-rows-');
  try {
    const backup = join(scratch.dir, 'backup');
    mkdirSync(backup, { recursive: true });
    writeFileSync(join(backup, 'sensor_data_20260101_090000.csv'), body);
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'iot.js'), 'etl', '--json', ...args], {
      env: { ...process.env, DATA_DIR: scratch.dir, DATABASE_URL: '', LOG_LEVEL: 'error' }, encoding: 'utf8', timeout: 60_000,
    });
    const json = result.stdout.trim().split('\n').filter((line) => line.startsWith('{')).pop();
    return { code: result.status, output: result.stdout + result.stderr, result: json ? JSON.parse(json) : undefined };
  } finally {
    scratch.cleanup();
  }
}

const good = ['1,21.5,40,2026-01-01 09:00:00', '2,22.5,41,2026-01-01 09:00:01'];

test('two rows breaking four rules: records_rejected is 2 and the report says "2 of 3 rows", each row with all its reasons', () => {
  const body = `${csvHeader}\n${good[0]}\n0,99,140,2026-01-01 09:00:02\n+7,NaN,-1,2026-01-01 09:00:03\n`;
  const failed = etlOf(body);
  assert.is(failed.code, 1, failed.output);
  assert.match(failed.output, '2 of 3 rows break a rule');
  assert.match(failed.output, 'temperature_not_a_number: 1 row (line 4: temperature="NaN")');
  assert.match(failed.output, 'sensor_id_not_positive_integer: 2 rows');
  assert.not.match(failed.output, /temperature_out_of_range[^\n]*NaN/);
  const quarantined = etlOf(body, ['--on-invalid', 'quarantine']);
  assert.is(quarantined.code, 0, quarantined.output);
  assert.equal([quarantined.result.recordsProcessed, quarantined.result.recordsRejected], [1, 2]);
});

test('blank values are reported missing, not out of range', () => {
  const failed = etlOf(`${csvHeader}\n${good[0]}\n3,  ,40,2026-01-01 09:00:02\n`);
  assert.is(failed.code, 1, failed.output);
  assert.match(failed.output, 'missing_value: 1 row (line 3: temperature blank ("  "))');
  assert.not.match(failed.output, 'out_of_range');
});

test('sensor ids only in canonical form: 0119 and +119 are refused, 119 loads', () => {
  const failed = etlOf(`${csvHeader}\n119,21.5,40,2026-01-01 09:00:00\n0119,21.5,40,2026-01-01 09:00:01\n+119,21.5,40,2026-01-01 09:00:02\n`);
  assert.is(failed.code, 1, failed.output);
  assert.match(failed.output, 'sensor_id_not_positive_integer: 2 rows (line 3: sensor_id="0119"; line 4: sensor_id="+119")');
});

test('a file ending in empty lines loads its rows', () => {
  for (const ending of ['\n\n', '\n\n\n', '\r\n\r\n']) {
    const loaded = etlOf(`${csvHeader}\n${good.join('\n')}${ending}`);
    assert.is(loaded.code, 0, `${JSON.stringify(ending)}: ${loaded.output}`);
    assert.equal([loaded.result.status, loaded.result.recordsProcessed, loaded.result.recordsRejected], ['SUCCESS', 2, 0]);
  }
});

test('a UTF-8 BOM before the header is accepted; a wrong header after a BOM is named with the BOM', () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const loaded = etlOf(Buffer.concat([bom, Buffer.from(`${csvHeader}\n${good.join('\n')}\n`)]));
  assert.is(loaded.code, 0, loaded.output);
  assert.equal([loaded.result.recordsProcessed, loaded.result.recordsRejected], [2, 0]);
  const wrong = etlOf(Buffer.concat([bom, Buffer.from(`id,temp\n1,2\n`)]));
  assert.is(wrong.code, 1, wrong.output);
  assert.match(wrong.output, 'byte order mark');
});

test.run();
