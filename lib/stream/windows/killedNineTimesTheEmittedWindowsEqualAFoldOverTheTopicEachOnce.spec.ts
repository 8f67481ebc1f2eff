import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { spawnIot } from '../../../test/support/iotProcess';
import { consumeAvailable, createTopic, csvRows, sendValues } from '../../../test/support/stream/fixtures';
import { closedBy, emittedWindows, foldWindows, progressOf, timedReadings, windowDifferences } from '../../../test/support/stream/windowFold';
import { sleep, waitFor } from '../../process';

const readingCount = 30_000;
const kills = 6;
const minute = 60_000;
const eventTime = { window: { sizeMs: minute, slideMs: minute }, watermarkDelayMs: minute, dedupe: false };

function openBatch(checkpointDir: string): boolean {
  const last = (log: string) => Math.max(-1, ...safeList(join(checkpointDir, log)).filter((name) => /^\d+$/.test(name)).map(Number));
  return last('offsets') > last('commits');
}

function safeList(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

test(`the consumer killed with kill -9 at ${kills} random moments and restarted: the emitted windows equal a plain fold over the topic's readings, each window once`, async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('windows-kill9');
  const scratch = scratchDir();
  const env = { ...process.env, DATA_DIR: scratch.dir, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'warn' };
  const args = ['consume', '--duration', '0', '--trigger', '0.2', '--max-per-batch', '1000', '--topic', topic, '--group', `${topic}-group`, '--window', '1m', '--watermark', '1m'];
  try {
    await createTopic(brokers, topic, 3);
    const { readings, late } = timedReadings(readingCount, { sensors: 30, lateEvery: 97, onTimeFirst: 6_000 });
    await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), 3);
    const config = testConfig(scratch.dir);
    for (let round = 0; round < kills; round++) {
      const run = spawnIot(args, env);
      const committedBefore = progressOf(config.paths.checkpoint).length;
      // Each run gets past its start (a redo, a batch) before the kill, so kills land mid-stream, often mid-batch.
      await waitFor(() => progressOf(config.paths.checkpoint).length > committedBefore, { timeoutMs: 20_000, intervalMs: 25 });
      await sleep(Math.random() * 800);
      if (round % 2 === 1) await waitFor(() => openBatch(config.paths.checkpoint), { timeoutMs: 3_000, intervalMs: 10 });
      run.child.kill('SIGKILL');
      await run.done;
    }
    const final = await consumeAvailable(config, brokers, topic, { maxPerBatch: 5_000, eventTime });
    assert.is(final.startedFrom, 'checkpoint');
    assert.is(csvRows(config.paths.output).length, readingCount, 'the raw part files hold every reading once, late ones included');
    const progress = progressOf(config.paths.checkpoint);
    process.stdout.write(`batches ${progress.length}, redone ${progress.filter((batch) => batch.redo).length}, late ${progress.reduce((sum, batch) => sum + (batch.late ?? 0), 0)} of ${late.size}, watermark ${final.watermark}\n`);
    assert.ok(progress.some((batch) => batch.redo), 'at least one kill hit an open batch');

    const emitted = emittedWindows(config.paths.output);
    const expected = closedBy(foldWindows(readings, minute, minute, (_, index) => late.has(index)), final.watermark ?? null);
    assert.ok(expected.size > 300, `the fold closes ${expected.size} windows`);
    assert.equal(windowDifferences(emitted, expected).slice(0, 10), []);
  } finally {
    scratch.cleanup();
  }
});

test.run();
