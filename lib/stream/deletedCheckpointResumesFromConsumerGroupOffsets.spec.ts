import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { consumeAvailable, createTopic, csvRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';

test('after the merge deletes output and checkpoint, the next run starts at the group offsets: nothing skipped, nothing repeated', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-cycles');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 3);
    const config = testConfig(scratch.dir);
    const cycle = (startingOffsets: 'earliest' | 'latest') => consumeAvailable(config, brokers, topic, { startingOffsets });
    const first = distinctReadings(700, 1);
    await sendValues(brokers, topic, first.map((reading) => JSON.stringify(reading)), 3);
    const one = await cycle('earliest');
    assert.is(one.startedFrom, 'earliest');
    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy(first.map(csvLine)));

    rmSync(config.paths.output, { recursive: true });
    rmSync(config.paths.checkpoint, { recursive: true });
    const second = distinctReadings(900, 10_000);
    await sendValues(brokers, topic, second.map((reading) => JSON.stringify(reading)), 3);
    // 'latest' would skip the 900 if it applied; group offsets take precedence.
    const two = await cycle('latest');
    assert.is(two.startedFrom, 'group');
    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy(second.map(csvLine)));
  } finally {
    scratch.cleanup();
  }
});

test.run();
