import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../process';
import { scratchDir } from '../../test/support';
import { lockFileName, readHolder } from '../lock';
import { startIot, stopIot } from '../../test/support/cycle';

test('a second iot cycle on a busy data folder is refused naming the first one\'s pid; Ctrl-C then stops the first at a safe point', async () => {
  const scratch = scratchDir();
  const first = startIot(['cycle', '--duration', '60', '--rate', '20'], scratch.dir);
  const second = { run: undefined as ReturnType<typeof startIot> | undefined };
  try {
    const lock = join(scratch.dir, lockFileName);
    const held = await waitFor(async () => existsSync(lock) && readHolder(lock)?.pid === first.child.pid, { timeoutMs: 30_000, intervalMs: 100 });
    assert.ok(held, 'the first cycle takes the lock');
    second.run = startIot(['cycle', '--duration', '5'], scratch.dir);
    const refused = await second.run.done;
    assert.is(refused.code, 2);
    assert.match(refused.stderr, /DATA_FOLDER_LOCKED/);
    assert.match(refused.stderr, new RegExp(`pid ${first.child.pid}`));

    // Stopped once its consumer has committed a batch: Ctrl-C then lands mid-cycle, with rows to merge.
    const consuming = await waitFor(() => /stream\.batch\b/.test(first.stderr()), { timeoutMs: 60_000, intervalMs: 100 });
    assert.ok(consuming, 'the first cycle consumes');
    first.child.kill('SIGINT');
    const stopped = await first.done;
    assert.is(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /Stopped by Ctrl-C at a safe point after 1 cycle/);
    assert.match(stopped.stderr, /Data folder .*: .*output has no part files/);
    assert.not.ok(existsSync(lock), 'the lock is released');
  } finally {
    if (second.run) await stopIot(second.run);
    await stopIot(first);
    scratch.cleanup();
  }
});

test.run();
