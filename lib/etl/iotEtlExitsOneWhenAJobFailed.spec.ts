import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvHeader } from '../schema';
import { scratchDir } from '../../test/support';

const root = join(__dirname, '..', '..', '..');

function iot(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'iot.js'), ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('iot etl: exit 1 when a job FAILED, 0 once quarantined, 0 with nothing left, 2 for bad usage', () => {
  const scratch = scratchDir('iot-etl-cli-');
  try {
    const backup = join(scratch.dir, 'backup');
    mkdirSync(backup, { recursive: true });
    writeFileSync(join(backup, 'sensor_data_20260101_090000.csv'), `${csvHeader}\n1,21.5,40,2026-01-01 09:00:00\n2,99,40,2026-01-01 09:00:01\n`);
    const failed = iot(['etl'], scratch.dir);
    assert.is(failed.code, 1);
    assert.match(failed.stdout, 'FAILED  sensor_data_20260101_090000.csv');
    assert.match(failed.stdout, 'temperature_out_of_range: 1 row (line 3: temperature="99")');
    const quarantined = iot(['etl', '--on-invalid', 'quarantine', '--json'], scratch.dir);
    assert.is(quarantined.code, 0);
    const result = JSON.parse(quarantined.stdout.trim());
    assert.equal([result.status, result.recordsProcessed, result.recordsRejected], ['SUCCESS', 1, 1]);
    assert.is(iot(['etl'], scratch.dir).code, 0);
    const usage = iot(['etl', '--on-invalid', 'ignore'], scratch.dir);
    assert.is(usage.code, 2);
    assert.match(usage.stderr, '--on-invalid "ignore" is not valid');
  } finally {
    scratch.cleanup();
  }
});

test.run();
