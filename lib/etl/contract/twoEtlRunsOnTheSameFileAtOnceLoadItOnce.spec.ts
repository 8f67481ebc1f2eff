import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { etlLogRows, sensorRowCount, validLines, writeArchive } from './fixtures';
import { contractTest } from './suite';

const root = join(__dirname, '..', '..', '..', '..');

/** `iot etl FILE --json` as its own process; resolves with the job's status. */
function iotEtl(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'iot.js'), 'etl', file, '--json'], { env: { ...process.env, ...env, LOG_LEVEL: 'error' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.on('error', reject);
    child.on('close', () => {
      try { resolve(JSON.parse(stdout.trim()).status); } catch { reject(new Error(`iot etl printed ${JSON.stringify(stdout)}`)); }
    });
  });
}

contractTest('two `iot etl` processes on the same file at once: rows once, one SUCCESS and one SKIPPED', async ({ database, config, backup }) => {
  const rows = 50_000;
  const file = writeArchive(backup, '20260101_140000', validLines(rows));
  const env = { DATA_DIR: config.paths.data, DATABASE_URL: database.url };
  const db = await database.open();
  try {
    await db.migrate(); // both processes then race on the load, not on creating tables
    const statuses = await Promise.all([iotEtl(file, env), iotEtl(file, env)]);
    assert.equal(statuses.sort(), ['SKIPPED', 'SUCCESS']);
    assert.is(await sensorRowCount(db), rows);
    assert.equal((await etlLogRows(db)).map((row) => row.status).sort(), ['SKIPPED', 'SUCCESS']);
  } finally {
    await db.close();
  }
});

test.run();
