import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { settleClearedCheckpoints } from '../stream';
import { removeMergedParts } from './cleanup';

function checkpointWithState(dir: string): string {
  for (const folder of ['offsets', 'commits', 'sinks', 'state/sensor-data/0']) mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, 'offsets', '0'), 'v1\n{}\n');
  const snapshot = join(dir, 'state', 'sensor-data', '0', '120-1764583230000-main-0');
  writeFileSync(snapshot, 'v1\n{"open windows":true}\n');
  return snapshot;
}

test('the merge clears the checkpoint but keeps its state/ folder: open windows, the watermark and dedupe keys outlive a cycle', () => {
  const scratch = scratchDir();
  try {
    const checkpoint = join(scratch.dir, 'checkpoint');
    const snapshot = checkpointWithState(checkpoint);
    removeMergedParts([], join(scratch.dir, 'output'), checkpoint, join(scratch.dir, 'backup', 'x.csv'));
    assert.not.ok(existsSync(join(checkpoint, 'offsets')), 'the logs are gone');
    assert.is(readFileSync(snapshot, 'utf8'), 'v1\n{"open windows":true}\n', 'the state store is where it was');
  } finally {
    scratch.cleanup();
  }
});

test('a merge killed between renaming the checkpoint away and deleting it: the next merge moves state/ back before deleting the leftover', () => {
  const scratch = scratchDir();
  try {
    const checkpoint = join(scratch.dir, 'checkpoint');
    const snapshot = checkpointWithState(checkpoint);
    renameSync(checkpoint, `${checkpoint}.cleared-1234-1`);
    settleClearedCheckpoints(checkpoint);
    assert.not.ok(existsSync(`${checkpoint}.cleared-1234-1`));
    assert.not.ok(existsSync(join(checkpoint, 'offsets')));
    assert.ok(existsSync(snapshot), 'the state store was rescued');
  } finally {
    scratch.cleanup();
  }
});

test.run();
