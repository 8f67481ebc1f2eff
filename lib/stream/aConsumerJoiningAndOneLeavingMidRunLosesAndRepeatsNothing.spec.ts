import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { createTopic, csvRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { committedRows, groupCommittedTotal, Instance, logEvents, startInstance, stopInstance } from '../../test/support/stream/group';
import { sleep, waitFor } from '../process';

const partitions = 12;
const perWave = 40_000;

test('a consumer joining and one leaving mid-run (rebalances both ways) loses and repeats nothing', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('group-rebalance');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const readings = distinctReadings(3 * perWave);
  const wave = (index: number) => sendValues(brokers, topic, readings.slice(index * perWave, (index + 1) * perWave).map((reading) => JSON.stringify(reading)), partitions);
  const running: Instance[] = [];
  try {
    await createTopic(brokers, topic, partitions);
    await wave(0);
    running.push(startInstance(scratch.dir, topic, group, 'first'), startInstance(scratch.dir, topic, group, 'second'));
    assert.ok(await waitFor(async () => committedRows(config) > 0, { timeoutMs: 60_000, intervalMs: 250 }), 'the two instances are writing');

    // A third joins while the others have work: partitions move to it.
    await wave(1);
    const joiner = startInstance(scratch.dir, topic, group, 'joiner');
    running.push(joiner);
    assert.ok(await waitFor(async () => logEvents(joiner, 'stream.assignment').length > 0 && committedRows(config) > perWave / 2, { timeoutMs: 60_000, intervalMs: 250 }), 'the joiner got partitions');
    // An instance logs what it gave up at its next trigger after the rebalance, which can be after the joiner's first batch.
    const gaveUp = () => logEvents(running[0], 'stream.assignment').concat(logEvents(running[1], 'stream.assignment'))
      .some((event) => Array.isArray(event.revoked) && event.revoked.length > 0);
    assert.ok(await waitFor(gaveUp, { timeoutMs: 30_000, intervalMs: 100 }), 'an instance gave partitions up to the joiner');

    // One leaves (Ctrl-C) while the last wave is being read: its partitions move to the others.
    await wave(2);
    assert.is(await stopInstance(running[1]), 0, running[1].stderr().slice(-2_000));
    const stayed = [running[0], joiner];
    assert.ok(await waitFor(async () => (await groupCommittedTotal(group, topic)) === readings.length, { timeoutMs: 90_000, intervalMs: 500 }), 'the group committed every offset');
    assert.ok(stayed.some((instance) => logEvents(instance, 'stream.assignment').some((event) => Object.keys((event.acquired ?? {}) as object).length > 0 && event !== logEvents(instance, 'stream.assignment')[0])),
      'an instance took over partitions after the leave');
    for (const instance of stayed) assert.is(await stopInstance(instance), 0, instance.stderr().slice(-2_000));

    assert.is(committedRows(config), readings.length, 'committed batches hold every reading once');
    const rows = csvRows(config.paths.output);
    assert.is(rows.length, readings.length, 'the part files hold every reading once: nothing lost, nothing repeated');
    assert.equal(sortedCopy(rows), sortedCopy(readings.map(csvLine)));
  } finally {
    for (const instance of running) await stopInstance(instance);
    scratch.cleanup();
  }
});

test.run();
