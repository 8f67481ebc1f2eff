import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { scratchDir } from '../testing';
import { acquireDataFolderLock, lockFileName, readHolder } from './dataFolderLock';

test('a second taker is refused with the holder pid; release frees the folder', () => {
  const scratch = scratchDir();
  try {
    const lock = acquireDataFolderLock(scratch.dir, 'cycle');
    const error = (() => { try { acquireDataFolderLock(scratch.dir, 'merge'); } catch (caught) { return caught as Error; } })();
    assert.ok(error);
    assert.match(error!.message, new RegExp(`pid ${process.pid}`));
    assert.match(error!.message, /iot cycle/);
    lock.release();
    assert.not.ok(existsSync(join(scratch.dir, lockFileName)));
    acquireDataFolderLock(scratch.dir, 'merge').release();
  } finally {
    scratch.cleanup();
  }
});

test('a lock left by a dead process is taken over', () => {
  const scratch = scratchDir();
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(join(scratch.dir, lockFileName), JSON.stringify({ pid: deadPid, host: hostname(), command: 'cycle', since: '2026-01-01T00:00:00Z' }));
    const lock = acquireDataFolderLock(scratch.dir, 'cycle');
    assert.is(readHolder(lock.path)?.pid, process.pid);
    lock.release();
  } finally {
    scratch.cleanup();
  }
});

test.run();
