import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { killNine, spawnIot } from '../../../test/support/iotProcess';
import { alertCaseReadings, alertEvents, sendKeyed } from '../../../test/support/stream/alerts';
import { consumeAvailable, createTopic } from '../../../test/support/stream/fixtures';
import { sleep, waitFor } from '../../process';
import { defaultAlertSettings } from './settings';

const kills = 6;
/** What `iot consume` runs by default: 1 m windows, 30 s watermark, alerts on. */
const cliDefaults = { alerts: defaultAlertSettings, eventTime: { window: { sizeMs: 60_000, slideMs: 60_000 }, watermarkDelayMs: 30_000, dedupe: false } };

function committedBatches(checkpointDir: string): number {
  try {
    return readdirSync(join(checkpointDir, 'commits')).filter((name) => /^\d+$/.test(name)).length;
  } catch {
    return 0;
  }
}

test(`kill -9 of the consumer at ${kills} random moments, then a clean run: every alert raised and cleared exactly once, as in an uninterrupted run`, async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('alerts-kill9');
  const killed = scratchDir();
  const reference = scratchDir();
  const children: ChildProcess[] = [];
  try {
    await createTopic(brokers, topic, 3);
    const { messages } = alertCaseReadings(9, 600, 120, 0.003);
    await sendKeyed(brokers, topic, messages);
    const env = { ...process.env, KAFKA_BROKERS: brokers.join(','), DATA_DIR: killed.dir, LOG_LEVEL: 'warn' };
    const config = testConfig(killed.dir);
    for (let round = 0; round < kills; round++) {
      const before = committedBatches(config.paths.checkpoint);
      const consumer = spawnIot(['consume', '--duration', '0', '--trigger', '0.2', '--max-per-batch', '150', '--topic', topic, '--group', `${topic}-group`], env);
      children.push(consumer.child);
      // Each run gets some batches in before its kill, so the kills land all along the topic.
      await waitFor(() => committedBatches(config.paths.checkpoint) > before, { timeoutMs: 20_000, intervalMs: 20 });
      await sleep(Math.random() * 800);
      await killNine(consumer.child);
    }
    const final = await consumeAvailable(config, brokers, topic, { ...cliDefaults, maxPerBatch: 150 });
    assert.is(final.startedFrom, 'checkpoint');
    const redone = readFileSync(join(config.paths.checkpoint, 'progress.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"redo":true')).length;
    await consumeAvailable(testConfig(reference.dir), brokers, topic, { ...cliDefaults, maxPerBatch: 150, group: `${topic}-reference` });

    const events = alertEvents(config.paths.output);
    const expected = alertEvents(testConfig(reference.dir).paths.output);
    process.stdout.write(`${events.length} alert events after ${kills} kills (${redone} batches redone); ${expected.length} in the uninterrupted run\n`);
    assert.ok(expected.length >= 10, 'the readings raise alerts of every kind');
    assert.equal(new Set(expected.map((event) => event.rule)), new Set(['out_of_range', 'spike', 'stuck', 'silent']));
    for (const id of new Set(events.map((event) => event.alert_id))) {
      assert.equal(events.filter((event) => event.alert_id === id).map((event) => event.event).sort(), ['cleared', 'raised'], `alert ${id} raised once and cleared once`);
    }
    assert.equal(events, expected);
  } finally {
    for (const child of children) await killNine(child);
    killed.cleanup();
    reference.cleanup();
  }
});

test.run();
