// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isPipelineError } from '../errors';
import { silentLogger } from '../log';
import { freePort, scratchDir, testConfig } from '../../test/support';
import { backups } from '../../test/support/cycle';
import { writeCommittedPart } from '../../test/support/merge/committedParts';
import { mergeParts } from '.';

test('a merge whose group is behind the checkpoint and Kafka unreachable refuses with CHECKPOINT_GROUP_BEHIND before archiving anything', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir, { KAFKA_BROKERS: `127.0.0.1:${await freePort()}` });
    const part = writeCommittedPart(config, 0, ['1,20.5,40,2026-11-26 10:00:00', '2,21.5,41,2026-11-26 10:00:01']);
    // The state a failed group commit leaves: the batch committed in the checkpoint, no note of the group holding it.
    rmSync(join(config.paths.checkpoint, 'group-offsets'));
    try {
      await mergeParts({ config, logger: silentLogger });
      assert.unreachable('the merge must not clear a checkpoint the group has not caught up with');
    } catch (error) {
      assert.ok(isPipelineError(error), String(error));
      assert.is(error.code, 'CHECKPOINT_GROUP_BEHIND', error.message);
      assert.is(error.exitCode, 2);
      assert.match(error.message, 'partition 0 → 2');
      assert.match(error.hint ?? '', 'run `iot merge` again');
    }
    assert.equal(backups(scratch.dir), [], 'nothing archived');
    assert.ok(existsSync(part), 'the part is where it was');
    assert.ok(existsSync(join(config.paths.checkpoint, 'commits', '0')), 'the checkpoint is whole');
  } finally {
    scratch.cleanup();
  }
});

test.run();
