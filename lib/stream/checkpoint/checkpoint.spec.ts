// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isPipelineError } from '../../errors';
import { scratchDir } from '../../../test/support';
import { Checkpoint } from './checkpoint';
import { clearCheckpoint, settleClearedCheckpoints } from './clear';

const entry = (batchId: number) => ({ batchId, topic: 'a', start: { 0: batchId }, end: { 0: batchId + 1 }, format: 'csv' as const, plannedAt: 'now' });
const commit = (batchId: number) => ({ batchId, committedAt: 'now', rowsWritten: 1, rowsQuarantined: 0 });

test('recovery state: empty, open batch (planned, not committed), committed', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'checkpoint');
    let checkpoint = Checkpoint.open(dir, { topic: 'a', group: 'g' });
    assert.equal(checkpoint.recoveryState(), { kind: 'empty' });
    checkpoint.offsets.add(0, entry(0));
    assert.equal(checkpoint.recoveryState(), { kind: 'open', batch: entry(0) });
    checkpoint.commits.add(0, commit(0));
    checkpoint.close();
    checkpoint = Checkpoint.open(dir, { topic: 'a', group: 'g' });
    assert.equal(checkpoint.recoveryState(), { kind: 'committed', last: entry(0) });
    checkpoint.close();
  } finally {
    scratch.cleanup();
  }
});

test('a checkpoint of another topic is refused with exit 2 and a reset hint naming the group', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'checkpoint');
    Checkpoint.open(dir, { topic: 'a', group: 'g' }).close();
    try {
      Checkpoint.open(dir, { topic: 'b', group: 'g' });
      assert.unreachable();
    } catch (error) {
      assert.ok(isPipelineError(error));
      assert.is(error.exitCode, 2);
      assert.is(error.code, 'CHECKPOINT_OTHER_TOPIC');
      assert.match(error.hint ?? '', `delete ${dir}`);
      assert.match(error.hint ?? '', '"g"');
    }
  } finally {
    scratch.cleanup();
  }
});

test('commits ahead of offsets is inconsistent, never silently accepted', () => {
  const scratch = scratchDir();
  try {
    const checkpoint = Checkpoint.open(join(scratch.dir, 'checkpoint'), { topic: 'a', group: 'g' });
    checkpoint.offsets.add(0, entry(0));
    checkpoint.commits.add(0, commit(0));
    checkpoint.offsets.add(3, entry(3));
    assert.throws(() => checkpoint.recoveryState(), (error: Error) => isPipelineError(error) && error.exitCode === 2);
    checkpoint.close();
  } finally {
    scratch.cleanup();
  }
});

test('a checkpoint locked by another live process is refused; a dead owner\'s lock is taken over', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'checkpoint');
    Checkpoint.open(dir, { topic: 'a', group: 'g' }).close();
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: process.ppid, host: hostname(), command: 'consume', since: 'now' }));
    assert.throws(() => Checkpoint.open(dir, { topic: 'a', group: 'g' }), (error: Error) => isPipelineError(error) && error.code === 'CHECKPOINT_LOCKED');
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: 999999999, host: hostname(), command: 'consume', since: 'now' }));
    Checkpoint.open(dir, { topic: 'a', group: 'g' }).close();
  } finally {
    scratch.cleanup();
  }
});

test('a clear removes the logs of the checkpoint and of each instance but keeps every state/ folder, also after a kill halfway', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'checkpoint');
    for (const root of [dir, join(dir, 'a')]) {
      const checkpoint = Checkpoint.open(root, { topic: 'a', group: 'g' });
      checkpoint.offsets.add(0, entry(0));
      checkpoint.commits.add(0, commit(0));
      checkpoint.close();
      mkdirSync(join(root, 'state', 'v1'), { recursive: true });
      writeFileSync(join(root, 'state', 'v1', 'windows'), 'open windows');
    }
    clearCheckpoint(dir);
    assert.equal(readdirSync(dir).sort(), ['a', 'state']);
    assert.equal(readdirSync(join(dir, 'a')), ['state']);
    assert.ok(existsSync(join(dir, 'state', 'v1', 'windows')));
    assert.equal(readdirSync(scratch.dir), ['checkpoint'], 'nothing cleared is left beside it');
    // A kill right after the rename: the next settle puts state/ back.
    const killed = `${dir}.cleared-1-1`;
    renameSync(dir, killed);
    settleClearedCheckpoints(dir);
    assert.ok(existsSync(join(dir, 'a', 'state', 'v1', 'windows')));
    assert.not.ok(existsSync(killed));
  } finally {
    scratch.cleanup();
  }
});

test('a checkpoint deleted under a running consumer is written back from memory and the write fails with a StorageError naming the folder', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'checkpoint');
    const checkpoint = Checkpoint.open(dir, { topic: 'a', group: 'g' });
    for (const batchId of [0, 1]) {
      checkpoint.offsets.add(batchId, entry(batchId));
      checkpoint.sinks.add(batchId, { batchId, files: [{ path: `output/part-${batchId}.csv`, kind: 'part', rows: 1, bytes: 10 }] });
      checkpoint.commits.add(batchId, commit(batchId));
    }
    rmSync(dir, { recursive: true });
    try {
      checkpoint.offsets.add(2, entry(2));
      assert.unreachable('a write into a deleted checkpoint must fail');
    } catch (error) {
      assert.ok(isPipelineError(error));
      assert.is(error.code, 'STORAGE_ENOENT');
      assert.match(error.message, dir);
      assert.match(error.hint ?? '', 'run `iot consume` again');
    }
    const reopened = Checkpoint.open(dir, { topic: 'a', group: 'g' });
    assert.equal(reopened.recoveryState(), { kind: 'committed', last: entry(1) });
    assert.equal(reopened.sinks.batchIds(), [0, 1]);
    reopened.close();
  } finally {
    scratch.cleanup();
  }
});

test('progress.jsonl moves to progress.jsonl.1 once past 4 MB, so a run of weeks keeps two bounded files', () => {
  const scratch = scratchDir();
  try {
    const checkpoint = Checkpoint.open(join(scratch.dir, 'checkpoint'), { topic: 'a', group: 'g' });
    const big = JSON.stringify({ batchId: 0, files: 'x'.repeat(4 << 20) }) + '\n';
    checkpoint.appendProgress(big);
    checkpoint.appendProgress('{"batchId":1}\n');
    assert.is(readFileSync(checkpoint.progressFile, 'utf8'), '{"batchId":1}\n');
    assert.is(readFileSync(`${checkpoint.progressFile}.1`, 'utf8'), big);
    checkpoint.close();
  } finally {
    scratch.cleanup();
  }
});

test.run();
