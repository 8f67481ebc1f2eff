// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPipelineError } from '../../errors';
import { scratchDir } from '../../../test/support';
import { MetadataLog } from './metadataLog';
import { readCommitEntry, readSinkEntry, SinkEntry } from './entries';

const hint = 'delete the checkpoint';

test('entries are written whole, read back, listed in batch order, and purged', () => {
  const scratch = scratchDir();
  try {
    const log = new MetadataLog(join(scratch.dir, 'commits'), readCommitEntry, hint);
    for (const batchId of [0, 1, 2, 10]) log.add(batchId, { batchId, committedAt: 'now', rowsWritten: batchId, rowsQuarantined: 0 });
    assert.equal(log.batchIds(), [0, 1, 2, 10]);
    assert.equal(log.latest()?.value.rowsWritten, 10);
    assert.equal(log.get(3), undefined);
    log.purgeBefore(2);
    assert.equal(log.batchIds(), [2, 10]);
    assert.equal(readdirSync(log.dir).filter((name) => name.startsWith('.')), [], 'no temp files stay behind');
  } finally {
    scratch.cleanup();
  }
});

test('a leftover temp file is cleared; a corrupt entry is a StateError (exit 2) that names the file and how to reset', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'commits');
    const log = new MetadataLog(dir, readCommitEntry, hint);
    log.add(0, { batchId: 0, committedAt: 'now', rowsWritten: 1, rowsQuarantined: 0 });
    writeFileSync(join(dir, '.1.tmp-999'), 'half');
    const reopened = new MetadataLog(dir, readCommitEntry, hint);
    assert.equal(readdirSync(dir), ['0']);
    writeFileSync(join(dir, '1'), 'v1\n{"batchId": 1, "rowsWri');
    try {
      reopened.latest();
      assert.unreachable('a corrupt entry must not be read');
    } catch (error) {
      assert.ok(isPipelineError(error));
      assert.is(error.exitCode, 2);
      assert.is(error.code, 'CHECKPOINT_CORRUPT');
      assert.match(error.message, join(dir, '1'));
      assert.is(error.hint, hint);
    }
  } finally {
    scratch.cleanup();
  }
});

test('an entry is written once: a second writer of the same batch is refused by name and the first entry stays', () => {
  const scratch = scratchDir();
  try {
    const log = new MetadataLog(join(scratch.dir, 'commits'), readCommitEntry, hint);
    log.add(4, { batchId: 4, committedAt: 'first', rowsWritten: 1, rowsQuarantined: 0 });
    const other = new MetadataLog(join(scratch.dir, 'commits'), readCommitEntry, hint);
    try {
      other.add(4, { batchId: 4, committedAt: 'second', rowsWritten: 2, rowsQuarantined: 0 });
      assert.unreachable('a second writer must not overwrite');
    } catch (error) {
      assert.ok(isPipelineError(error));
      assert.is(error.code, 'CHECKPOINT_SECOND_WRITER');
      assert.match(error.message, join(scratch.dir, 'commits', '4'));
    }
    assert.is(log.get(4)?.committedAt, 'first');
    assert.equal(readdirSync(log.dir), ['4'], 'no temp file stays behind');
  } finally {
    scratch.cleanup();
  }
});

test('a compactible log folds every 10 entries into one file, reads them all back, forgets some, and refuses a rewrite of a folded one', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'sinks');
    const entry = (batchId: number): SinkEntry => ({ batchId, files: [{ path: `output/part-${batchId}.csv`, kind: 'part', rows: batchId, bytes: 10 }] });
    const log = new MetadataLog(dir, readSinkEntry, hint, { compactInterval: 10 });
    for (let batchId = 0; batchId < 25; batchId++) log.add(batchId, entry(batchId));
    assert.equal(readdirSync(dir).sort(), ['19.compact', '20', '21', '22', '23', '24']);
    const reopened = new MetadataLog(dir, readSinkEntry, hint, { readOnly: true });
    assert.equal(reopened.batchIds(), Array.from({ length: 25 }, (_, id) => id));
    assert.equal(reopened.get(7), entry(7));
    log.forget([3, 7, 21]);
    assert.equal(log.batchIds().length, 22);
    assert.is(log.get(7), undefined);
    assert.throws(() => log.add(5, entry(5)), (error: Error) => isPipelineError(error) && error.code === 'CHECKPOINT_SECOND_WRITER');
  } finally {
    scratch.cleanup();
  }
});

test('a mirrored log writes its entries back into a deleted folder', () => {
  const scratch = scratchDir();
  try {
    const dir = join(scratch.dir, 'commits');
    const log = new MetadataLog(dir, readCommitEntry, hint, { mirror: true });
    for (const batchId of [0, 1, 2]) log.add(batchId, { batchId, committedAt: 'now', rowsWritten: batchId, rowsQuarantined: 0 });
    rmSync(scratch.dir + '/commits', { recursive: true });
    assert.is(log.restore(), 3);
    assert.equal(new MetadataLog(dir, readCommitEntry, hint).batchIds(), [0, 1, 2]);
  } finally {
    scratch.cleanup();
  }
});

test.run();
