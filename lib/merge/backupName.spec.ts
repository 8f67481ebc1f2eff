// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { backupFileName, publishWithoutOverwrite } from './backupName';

test('backup names follow sensor_data_YYYYMMDD_HHmmss.csv', () => {
  assert.is(backupFileName(new Date(2026, 10, 26, 9, 5, 7)), 'sensor_data_20261126_090507.csv');
});

test('an existing backup is never overwritten: the next free second is used', async () => {
  const scratch = scratchDir();
  try {
    const taken = new Date();
    const existing = join(scratch.dir, backupFileName(taken));
    writeFileSync(existing, 'earlier backup\n');
    const temp = join(scratch.dir, '.merge.tmp.csv');
    writeFileSync(temp, 'new backup\n');
    let calls = 0;
    const published = await publishWithoutOverwrite(temp, scratch.dir, () => (calls++ === 0 ? taken : new Date()));
    assert.is.not(published, existing);
    assert.is(readFileSync(existing, 'utf8'), 'earlier backup\n');
    assert.is(readFileSync(published, 'utf8'), 'new backup\n');
    assert.is(readdirSync(scratch.dir).length, 2, 'the temporary name is gone');
  } finally {
    scratch.cleanup();
  }
});

test.run();
