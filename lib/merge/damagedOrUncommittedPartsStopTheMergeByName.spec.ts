import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../schema';
import { consumeAvailable, createTopic, distinctReadings, partFiles, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { mergeParts } from '.';
import { isPipelineError } from '../errors';
import { silentLogger } from '../log';
import { Config } from '../config';

const count = 20_000;

/** A real consumer's parts and checkpoint: `count` readings in batches of 2,000. */
async function consumed(): Promise<{ config: Config; cleanup: () => void; lines: string[] }> {
  const brokers = testBrokers();
  const topic = uniqueTopic('merge-manifest');
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  await createTopic(brokers, topic, 2);
  const readings = distinctReadings(count);
  await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), 2);
  await consumeAvailable(config, brokers, topic, { maxPerBatch: 2000 });
  return { config, cleanup: scratch.cleanup, lines: readings.map((reading) => csvLine(reading)) };
}

async function refusedMerge(config: Config): Promise<Error> {
  const error = await mergeParts({ config, logger: silentLogger }).then(() => undefined, (caught: Error) => caught);
  assert.ok(error, 'the merge must stop');
  return error!;
}

const partPaths = (config: Config): string[] => partFiles(config.paths.output).map((name) => join(config.paths.output, name));

function assertNothingDeleted(config: Config, parts: string[]): void {
  assert.equal(partPaths(config), parts, 'every part is still there');
  assert.ok(existsSync(join(config.paths.checkpoint, 'commits')), 'the checkpoint is still there');
  assert.equal(existsSync(config.paths.backup) ? readdirSync(config.paths.backup) : [], [], 'no backup, no temp file');
}

test('a truncated part and a part cut mid-line each stop the merge with its name, exit 1, nothing deleted; restored, everything merges once', async () => {
  const { config, cleanup, lines } = await consumed();
  try {
    const parts = partPaths(config);
    const [truncated, cut] = [parts[1], parts[3]];
    const originals = [readFileSync(truncated), readFileSync(cut)];
    const text = originals[0].toString('utf8');
    writeFileSync(truncated, text.slice(0, text.split('\n', 101).join('\n').length + 1));
    truncateSync(cut, originals[1].length - 7);
    const error = await refusedMerge(config);
    assert.ok(isPipelineError(error) && error.code === 'MERGE_MANIFEST_MISMATCH' && error.exitCode === 1);
    assert.match(error.message, new RegExp(`${truncated.split('/').pop()}: \\d+ bytes, but batch \\d+ committed ${originals[0].length} bytes`));
    assert.match(error.message, new RegExp(`${cut.split('/').pop()}: \\d+ bytes, but batch \\d+ committed ${originals[1].length} bytes`));
    assertNothingDeleted(config, parts);

    writeFileSync(truncated, originals[0]);
    writeFileSync(cut, originals[1]);
    const summary = await mergeParts({ config, logger: silentLogger });
    assert.equal(sortedCopy(readFileSync(summary.backupPath!, 'utf8').trim().split('\n').slice(1)), sortedCopy(lines));
  } finally {
    cleanup();
  }
});

test('a part from an uncommitted attempt is never archived, and removed only after the archive, listed', async () => {
  const { config, cleanup, lines } = await consumed();
  try {
    const parts = partPaths(config);
    const uncommittedRows = new Set(readFileSync(parts[parts.length - 1], 'utf8').trim().split('\n').slice(1));
    const commits = join(config.paths.checkpoint, 'commits');
    const last = Math.max(...readdirSync(commits).map(Number));
    const lastPart = parts[parts.length - 1];
    const lastRows = readFileSync(lastPart, 'utf8').trim().split('\n').length - 1;
    // As a consumer killed between writing its part (and sink log entry) and its commit marker leaves it.
    rmSync(join(commits, String(last)));
    const summary = await mergeParts({ config, logger: silentLogger });
    const archived = readFileSync(summary.backupPath!, 'utf8').trim().split('\n').slice(1);
    assert.is(archived.length, count - lastRows, 'the uncommitted batch\'s rows are not in the archive');
    assert.equal(summary.uncommittedRemoved, [`output/${lastPart.split('/').pop()}`]);
    assert.not.ok(existsSync(lastPart));
    assert.equal(sortedCopy(archived), sortedCopy(lines.filter((line) => !uncommittedRows.has(line))));
  } finally {
    cleanup();
  }
});

test('a part file no commit names stops the merge by name, nothing deleted', async () => {
  const { config, cleanup } = await consumed();
  try {
    const parts = partPaths(config);
    const stranger = join(config.paths.output, 'part-99999-stranger.csv');
    writeFileSync(stranger, readFileSync(parts[0]));
    const error = await refusedMerge(config);
    assert.match(error.message, /output\/part-99999-stranger\.csv: not named by any committed batch/);
    assertNothingDeleted(config, [...parts, stranger].sort());
  } finally {
    cleanup();
  }
});

test.run();
