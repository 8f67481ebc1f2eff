// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPipelineError } from '../../errors';
import { scratchDir } from '../../../test/support';
import { MetadataLog } from './metadataLog';
import { readCommitEntry } from './entries';

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

test.run();
