import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { consumeAvailable, createTopic, csvRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { sleep, waitFor } from '../process';
import { killNine } from '../../test/support/iotProcess';

const root = join(__dirname, '..', '..', '..');
const readingCount = 50_000;
const kills = 6;

function startConsumer(dataDir: string, topic: string): ChildProcess {
  const args = ['scripts/iot.js', 'consume', '--duration', '0', '--trigger', '0.2', '--max-per-batch', '1000', '--topic', topic, '--group', `${topic}-group`];
  return spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: testBrokers().join(','), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function newestPartMtime(outputDir: string): number {
  let newest = 0;
  for (const name of safeList(outputDir)) if (name.startsWith('part-')) newest = Math.max(newest, statSync(join(outputDir, name)).mtimeMs);
  return newest;
}

/** A part file newer than `before` and than the start of this run (a redo rewrites the same name, so mtime, not names). */
function wroteSince(outputDir: string, before: number, startedAt: number): boolean {
  return newestPartMtime(outputDir) > Math.max(before, startedAt - 1);
}

function openBatch(checkpointDir: string): boolean {
  const last = (log: string) => Math.max(-1, ...safeList(join(checkpointDir, log)).filter((name) => /^\d+$/.test(name)).map(Number));
  return last('offsets') > last('commits');
}

function safeList(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}


test(`${readingCount} distinct readings, ${kills} kill -9 at random moments, then a clean run: every reading in the part files exactly once`, async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-kill9');
  const scratch = scratchDir();
  const children: ChildProcess[] = [];
  try {
    await createTopic(brokers, topic, 3);
    const readings = distinctReadings(readingCount);
    await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), 3);
    const config = testConfig(scratch.dir);
    for (let round = 0; round < kills; round++) {
      const startedAt = Date.now();
      const before = newestPartMtime(config.paths.output);
      const child = startConsumer(scratch.dir, topic);
      children.push(child);
      // A restart that still has work writes again before the next kill, so later kills land mid-batch.
      if (round > 0) await waitFor(() => wroteSince(config.paths.output, before, startedAt), { timeoutMs: 12_000, intervalMs: 25 });
      await sleep(150 + Math.random() * 1_200);
      // Every other kill waits for a batch that is planned but not committed, so redo is exercised every run.
      if (round % 2 === 1) await waitFor(() => openBatch(config.paths.checkpoint), { timeoutMs: 3_000, intervalMs: 25 });
      await killNine(child);
    }
    const final = await consumeAvailable(config, brokers, topic, { maxPerBatch: 5_000 });
    assert.is(final.startedFrom, 'checkpoint', 'the killed runs left a checkpoint to continue from');
    const redone = readFileSync(join(config.paths.checkpoint, 'progress.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"redo":true'));
    process.stdout.write(`batches redone after a kill: ${redone.length}\n`);
    assert.ok(redone.length >= 1, 'at least one kill hit an open batch');
    const rows = csvRows(config.paths.output);
    assert.is(rows.length, readingCount, 'no reading lost or doubled');
    assert.equal(sortedCopy(rows), sortedCopy(readings.map(csvLine)));
    assert.equal(safeList(config.paths.output).filter((name) => name.startsWith('.')), [], 'no temp file left in output/');
  } finally {
    for (const child of children) await killNine(child);
    scratch.cleanup();
  }
});

test('a restarted consumer is writing part files again within 10 s of a kill -9', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-restart');
  const scratch = scratchDir();
  const children: ChildProcess[] = [];
  try {
    await createTopic(brokers, topic, 3);
    // Far more than four short runs consume (1,000 a batch, 5 batches a second), so every restart has work left.
    await sendValues(brokers, topic, distinctReadings(30_000).map((reading) => JSON.stringify(reading)), 3);
    const output = testConfig(scratch.dir).paths.output;
    const restartToWritingMs: number[] = [];
    for (let round = 0; round < 4; round++) {
      const startedAt = Date.now();
      const before = newestPartMtime(output);
      const child = startConsumer(scratch.dir, topic);
      children.push(child);
      assert.ok(await waitFor(() => wroteSince(output, before, startedAt), { timeoutMs: 12_000, intervalMs: 25 }), `run ${round + 1} wrote no part file within 12 s`);
      if (round > 0) restartToWritingMs.push(Date.now() - startedAt);
      await killNine(child);
    }
    process.stdout.write(`restart → writing (ms): ${restartToWritingMs.join(', ')}\n`);
    assert.is(restartToWritingMs.length, 3);
    assert.ok(Math.max(...restartToWritingMs) < 10_000, `slowest restart ${Math.max(...restartToWritingMs)} ms`);
  } finally {
    for (const child of children) await killNine(child);
    scratch.cleanup();
  }
});

test.run();
