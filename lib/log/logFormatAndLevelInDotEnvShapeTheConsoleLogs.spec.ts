import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

/** `iot etl` on an empty data folder, started in `cwd` (whose .env applies) with no LOG_* in the environment. */
function etlIn(cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LOG_') && name !== 'DATA_DIR' && name !== 'DATABASE_URL' && name !== 'IOT_ENV_FILE'));
  const result = spawnSync(process.execPath, [iot, 'etl'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr.trim().split('\n').filter(Boolean) };
}

test('LOG_FORMAT=json in .env: every console log line is a JSON record of the etl command', () => {
  const scratch = scratchDir('iot-log-env-');
  try {
    writeFileSync(join(scratch.dir, '.env'), 'LOG_FORMAT=json\nLOG_LEVEL=debug\nDATA_DIR=data\n');
    const { code, stderr } = etlIn(scratch.dir);
    assert.is(code, 0, stderr.join('\n'));
    assert.ok(stderr.length > 0, 'the etl logged something');
    for (const line of stderr) {
      const record = JSON.parse(line);
      assert.ok(typeof record.time === 'string' && typeof record.event === 'string', line);
      assert.match(record.component, /^etl/);
    }
  } finally {
    scratch.cleanup();
  }
});

test('LOG_LEVEL=error in .env silences the info lines the same run prints by default', () => {
  const scratch = scratchDir('iot-log-env-');
  try {
    writeFileSync(join(scratch.dir, '.env'), 'DATA_DIR=data\n');
    const byDefault = etlIn(scratch.dir);
    assert.ok(byDefault.stderr.length > 0, 'info lines by default');
    assert.throws(() => JSON.parse(byDefault.stderr[0]), 'pretty lines by default, not JSON');
    writeFileSync(join(scratch.dir, '.env'), 'LOG_LEVEL=error\nDATA_DIR=data\n');
    const quiet = etlIn(scratch.dir);
    assert.is(quiet.code, 0);
    assert.equal(quiet.stderr, []);
  } finally {
    scratch.cleanup();
  }
});

test.run();
