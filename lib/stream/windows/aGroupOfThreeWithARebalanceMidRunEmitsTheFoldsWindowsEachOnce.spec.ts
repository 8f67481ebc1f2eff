import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { createTopic, csvRows, sendValues } from '../../../test/support/stream/fixtures';
import { committedRows, groupCommittedTotal, Instance, logEvents, startInstance, stopInstance } from '../../../test/support/stream/group';
import { closedBy, emittedWindows, foldWindows, progressOf, timedReadings, windowDifferences } from '../../../test/support/stream/windowFold';
import { waitFor } from '../../process';

const partitions = 6;
const perWave = 15_000;
const minute = 60_000;
// The watermark is per instance, over the partitions it owns (Spark's is per query): 5 min covers how far apart in event time a rebalance can leave them.
const batchArgs = ['--trigger', '0.3', '--max-per-batch', '1500', '--window', '1m', '--watermark', '5m'];

test('a group of 3 instances with a rebalance mid-run: the emitted windows equal a plain fold over the topic, each window once', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('windows-group');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  // 60 sensors over 6 partitions, round-robin: each sensor's readings stay in one partition, as with sensor_id keys.
  const { readings, late } = timedReadings(3 * perWave, { sensors: 60, lateEvery: 89, onTimeFirst: 12_000 });
  const wave = (index: number) => sendValues(brokers, topic, readings.slice(index * perWave, (index + 1) * perWave).map((reading) => JSON.stringify(reading)), partitions);
  const running: Instance[] = [];
  try {
    await createTopic(brokers, topic, partitions);
    await wave(0);
    running.push(startInstance(scratch.dir, topic, group, 'first', { batchArgs }), startInstance(scratch.dir, topic, group, 'second', { batchArgs }));
    assert.ok(await waitFor(async () => committedRows(config) > perWave / 2, { timeoutMs: 60_000, intervalMs: 250 }), 'the two instances are writing');
    await wave(1);
    const joiner = startInstance(scratch.dir, topic, group, 'third', { batchArgs });
    running.push(joiner);
    assert.ok(await waitFor(() => logEvents(joiner, 'stream.assignment').length > 0, { timeoutMs: 60_000, intervalMs: 250 }), 'the third instance got partitions');
    await wave(2);
    assert.ok(await waitFor(async () => (await groupCommittedTotal(group, topic)) === readings.length, { timeoutMs: 120_000, intervalMs: 500 }), 'the group committed every offset');
    for (const instance of running) assert.is(await stopInstance(instance), 0, instance.stderr().slice(-2_000));

    assert.is(csvRows(config.paths.output).length, readings.length, 'the raw part files hold every reading once');
    const watermarks = running.map((instance) => progressOf(join(config.paths.checkpoint, instance.id)).at(-1)?.watermark).filter((mark): mark is string => typeof mark === 'string');
    assert.is(watermarks.length, 3, 'every instance has a watermark');
    const [lowest, highest] = [watermarks.reduce((a, b) => (a < b ? a : b)), watermarks.reduce((a, b) => (a > b ? a : b))];
    const late_ = running.reduce((sum, instance) => sum + progressOf(join(config.paths.checkpoint, instance.id)).reduce((total, batch) => total + (batch.late ?? 0), 0), 0);
    for (const instance of running) for (const name of ['stream.state.none', 'stream.state.waiting']) for (const event of logEvents(instance, name)) process.stdout.write(`${instance.id} ${name} ${JSON.stringify(event).slice(0, 300)}\n`);
    process.stdout.write(`watermarks ${watermarks.join(', ')}; late ${late_} of ${late.size}; waited for a handover ${running.reduce((n, i) => n + logEvents(i, 'stream.state.waiting').length, 0)} time(s)\n`);

    const expected = closedBy(foldWindows(readings, minute, minute, (_, index) => late.has(index)), highest);
    const emitted = emittedWindows(config.paths.output);
    assert.ok(emitted.length > 400, `${emitted.length} windows emitted`);
    assert.equal(windowDifferences(emitted, expected, (row) => row.window_end > lowest).slice(0, 10), []);
    assert.is(late_, late.size, 'every late reading counted late once');
  } finally {
    for (const instance of running) await stopInstance(instance);
    scratch.cleanup();
  }
});

test.run();
