import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';

const root = join(__dirname, '..', '..', '..');

function iotEtl(file: string, dataDir: string) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'iot.js'), 'etl', file], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' }, encoding: 'utf8', timeout: 60_000 });
}

test('iot etl data.txt, or a CSV with another header, fails saying it expects a .csv of sensor_id,temperature,humidity,timestamp', () => {
  const scratch = scratchDir('iot-etl-not-csv-');
  try {
    writeFileSync(join(scratch.dir, 'data.txt'), 'sensor_id,temperature,humidity,timestamp\n1,2,3,2026-01-01 00:00:00\n');
    writeFileSync(join(scratch.dir, 'other.csv'), 'id,value\n1,2\n');
    const txt = iotEtl(join(scratch.dir, 'data.txt'), scratch.dir);
    assert.is(txt.status, 1);
    assert.match(txt.stdout + txt.stderr, 'data.txt is not a .csv file: the ETL expects a CSV file (.csv) of sensor readings whose first line is the header sensor_id,temperature,humidity,timestamp');
    const other = iotEtl(join(scratch.dir, 'other.csv'), scratch.dir);
    assert.is(other.status, 1);
    assert.match(other.stdout + other.stderr, 'other.csv is not a CSV of sensor readings: its first line is "id,value"');
  } finally {
    scratch.cleanup();
  }
});

test.run();
