import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvHeader } from '../schema';
import { scratchDir } from '../testing';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

test('iot merge exits 1 naming the backup folder when the backup cannot be written, and deletes nothing', () => {
  const scratch = scratchDir();
  try {
    const output = join(scratch.dir, 'output');
    const checkpoint = join(scratch.dir, 'checkpoint');
    mkdirSync(output, { recursive: true });
    mkdirSync(checkpoint, { recursive: true });
    const part = join(output, 'part-00000.csv');
    writeFileSync(part, `${csvHeader}\n1,20.5,50,2026-11-26 10:00:00\n`);
    writeFileSync(join(checkpoint, 'state.json'), '{"batch":1}');
    // Tests run as root, which ignores permission bits; a file where the folder should be fails for anyone.
    writeFileSync(join(scratch.dir, 'backup'), 'not a folder');

    const run = spawnSync(process.execPath, [iot, 'merge'], { env: { ...process.env, DATA_DIR: scratch.dir, IOT_ENV_FILE: '/nonexistent/.env' }, encoding: 'utf8' });

    assert.is(run.status, 1, run.stderr);
    assert.match(run.stderr, /error \[BACKUP_WRITE_FAILED\]: Could not write the backup in .*backup/);
    assert.match(run.stderr, /Nothing was deleted/);
    assert.ok(existsSync(part), 'the part file is still there');
    assert.is(readFileSync(join(checkpoint, 'state.json'), 'utf8'), '{"batch":1}');
  } finally {
    scratch.cleanup();
  }
});

test('iot merge with no part files says so, exits 0 and writes nothing', () => {
  const scratch = scratchDir();
  try {
    const run = spawnSync(process.execPath, [iot, 'merge'], { env: { ...process.env, DATA_DIR: scratch.dir, IOT_ENV_FILE: '/nonexistent/.env' }, encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, /No part files in .*output: nothing to merge, nothing written/);
    assert.not.ok(existsSync(join(scratch.dir, 'backup')));
  } finally {
    scratch.cleanup();
  }
});

test.run();
