import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isPipelineError } from '../errors';
import { scratchDir } from '../../test/support';
import { acquireDataFolderLock, lockFileName, sharedLockFolder, tryAcquireDataFolderLock } from './dataFolderLock';
import { readHolder } from './lockFile';

const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
const holderOf = (pid: number, command: string, host = hostname()) => JSON.stringify({ pid, host, command, since: '2026-01-01T00:00:00Z' });

async function refusal(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

test('a second exclusive taker is refused with the holder pid; release frees the folder', async () => {
  const scratch = scratchDir();
  try {
    const lock = await acquireDataFolderLock(scratch.dir, 'cycle');
    const error = await refusal(() => acquireDataFolderLock(scratch.dir, 'merge'));
    assert.ok(isPipelineError(error) && error.code === 'DATA_FOLDER_LOCKED' && error.exitCode === 2);
    assert.match(error.message, new RegExp(`pid ${process.pid}`));
    assert.match(error.message, /iot cycle/);
    lock.release();
    assert.not.ok(existsSync(join(scratch.dir, lockFileName)));
    (await acquireDataFolderLock(scratch.dir, 'merge')).release();
  } finally {
    scratch.cleanup();
  }
});

test('a lock left by a dead process, or unreadable, is taken over', async () => {
  const scratch = scratchDir();
  try {
    writeFileSync(join(scratch.dir, lockFileName), holderOf(deadPid(), 'cycle'));
    const lock = await acquireDataFolderLock(scratch.dir, 'cycle');
    assert.is(readHolder(lock.path)?.pid, process.pid);
    lock.release();
    writeFileSync(join(scratch.dir, lockFileName), '4242\n');
    (await acquireDataFolderLock(scratch.dir, 'merge')).release();
  } finally {
    scratch.cleanup();
  }
});

test('a live holder on another host is never taken over', async () => {
  const scratch = scratchDir();
  try {
    writeFileSync(join(scratch.dir, lockFileName), holderOf(deadPid(), 'merge', 'elsewhere'));
    const error = await refusal(() => acquireDataFolderLock(scratch.dir, 'consume', { mode: 'shared' }));
    assert.match(error.message, /on elsewhere/);
  } finally {
    scratch.cleanup();
  }
});

test('shared holders sit side by side; an exclusive taker is refused by a live one and withdraws its file', async () => {
  const scratch = scratchDir();
  try {
    mkdirSync(join(scratch.dir, sharedLockFolder), { recursive: true });
    writeFileSync(join(scratch.dir, sharedLockFolder, 'other.1'), holderOf(process.ppid, 'consume'));
    const mine = await acquireDataFolderLock(scratch.dir, 'consume', { mode: 'shared' });
    const error = await refusal(() => acquireDataFolderLock(scratch.dir, 'merge'));
    assert.match(error.message, new RegExp(`iot consume\` \\(pid ${process.ppid}`));
    assert.not.ok(existsSync(join(scratch.dir, lockFileName)), 'the refused writer leaves no lock behind');
    mine.release();
    assert.equal(readdirSync(join(scratch.dir, sharedLockFolder)), ['other.1']);
  } finally {
    scratch.cleanup();
  }
});

test('a shared taker withdraws while a writer of another process holds the folder, waits, and gets in once it leaves', async () => {
  const scratch = scratchDir();
  try {
    writeFileSync(join(scratch.dir, lockFileName), holderOf(process.ppid, 'merge'));
    const attempt = tryAcquireDataFolderLock(scratch.dir, 'consume', 'shared');
    assert.ok('heldBy' in attempt && attempt.heldBy.pid === process.ppid);
    assert.equal(readdirSync(join(scratch.dir, sharedLockFolder)), [], 'the refused reader leaves no file');
    let waitedFor: number | undefined;
    setTimeout(() => writeFileSync(join(scratch.dir, lockFileName), holderOf(deadPid(), 'merge')), 500);
    const lock = await acquireDataFolderLock(scratch.dir, 'consume', { mode: 'shared', waitSeconds: 10, onWait: (holder) => (waitedFor = holder.pid) });
    assert.is(waitedFor, process.ppid);
    lock.release();
    const refused = await refusal(async () => {
      writeFileSync(join(scratch.dir, lockFileName), holderOf(process.ppid, 'merge'));
      await acquireDataFolderLock(scratch.dir, 'consume', { mode: 'shared', waitSeconds: 0.5 });
    });
    assert.match(refused.message, /after waiting 0.5s/);
  } finally {
    scratch.cleanup();
  }
});

test('the exclusive holder\'s own process may also hold it shared (a cycle runs its consumer inside)', async () => {
  const scratch = scratchDir();
  try {
    const cycle = await acquireDataFolderLock(scratch.dir, 'cycle');
    const consumer = await acquireDataFolderLock(scratch.dir, 'consume', { mode: 'shared' });
    consumer.release();
    cycle.release();
  } finally {
    scratch.cleanup();
  }
});

test('DATA_DIR naming a file is a StorageError with exit 2 naming DATA_DIR', async () => {
  const scratch = scratchDir();
  try {
    const file = join(scratch.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const error = await refusal(() => acquireDataFolderLock(file, 'consume', { mode: 'shared' }));
    assert.ok(isPipelineError(error));
    assert.is(error.exitCode, 2);
    assert.is(error.code, 'STORAGE_ENOTDIR');
    assert.match(error.hint ?? '', `DATA_DIR=${file}`);
  } finally {
    scratch.cleanup();
  }
});

test.run();
