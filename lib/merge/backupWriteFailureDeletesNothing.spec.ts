import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, testConfig } from '../../test/support';
import { writeCommittedPart } from '../../test/support/merge/committedParts';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

test('iot merge exits 1 naming the backup folder when the backup cannot be written, and deletes nothing', () => {
  const scratch = scratchDir();
  try {
    const part = writeCommittedPart(testConfig(scratch.dir), 0, ['1,20.5,50,2026-11-26 10:00:00']);
    const commit = join(scratch.dir, 'checkpoint', 'commits', '0');
    const committed = readFileSync(commit, 'utf8');
    // Tests run as root, which ignores permission bits; a file where the folder should be fails for anyone.
    writeFileSync(join(scratch.dir, 'backup'), 'not a folder');

    const run = spawnSync(process.execPath, [iot, 'merge'], { env: { ...process.env, DATA_DIR: scratch.dir, IOT_ENV_FILE: '/nonexistent/.env' }, encoding: 'utf8' });

    assert.is(run.status, 1, run.stderr);
    assert.match(run.stderr, /error \[STORAGE_(ENOTDIR|EEXIST)\]: Could not write the backup in .*backup/);
    assert.match(run.stderr, /Nothing was lost/);
    assert.ok(existsSync(part), 'the part file is still there');
    assert.is(readFileSync(commit, 'utf8'), committed);
    const fatal = readFileSync(join(scratch.dir, 'logs', 'iot.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line)).find((record) => record.event === 'fatal');
    assert.is(fatal?.code, 'STORAGE_ENOTDIR', 'the fatal error is in logs/iot.jsonl too');
    assert.is(fatal?.exitCode, 1);
  } finally {
    scratch.cleanup();
  }
});

test('iot merge with no part files says so, exits 0 and writes nothing', () => {
  const scratch = scratchDir();
  try {
    const run = spawnSync(process.execPath, [iot, 'merge'], { env: { ...process.env, DATA_DIR: scratch.dir, IOT_ENV_FILE: '/nonexistent/.env' }, encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, /No committed part files in .*output: nothing to merge, nothing written/);
    assert.not.ok(existsSync(join(scratch.dir, 'backup')));
  } finally {
    scratch.cleanup();
  }
});

test.run();
