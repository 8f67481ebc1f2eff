import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withAdmin } from '../kafka';
import { csvLine } from '../schema';
import { waitFor } from '../process';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { createTopic, csvRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { groupCommitted, logEvents, startInstance, stopInstance } from '../../test/support/stream/group';

const readingCount = 200;
const groupOffset = 50;
const deletedBefore = 120;

test('a group instance taking over an offset that retention has deleted starts at the earliest offset, logs how many records were lost, and writes the rest once', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('group-expired');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  let instance: ReturnType<typeof startInstance> | undefined;
  try {
    await createTopic(brokers, topic, 1);
    const readings = distinctReadings(readingCount);
    await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), 1);
    await withAdmin({ brokers, clientId: 'iot-spec' }, async (admin) => {
      await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: BigInt(groupOffset) }] }] });
      // What retention does to old segments, at once: the partition now starts at deletedBefore.
      await admin.deleteRecords({ topics: [{ name: topic, partitions: [{ partition: 0, offset: BigInt(deletedBefore) }] }] });
    });
    assert.equal(await groupCommitted(group, topic, brokers), { 0: groupOffset }, 'the group is behind the deleted records');

    instance = startInstance(scratch.dir, topic, group, 'heir', { brokers, batchArgs: ['--trigger', '0.3'] });
    const done = await waitFor(async () => (await groupCommitted(group, topic, brokers))[0] === readingCount, { timeoutMs: 60_000, intervalMs: 250 });
    assert.ok(done, `the group reaches the end; instance log:\n${instance.stderr().slice(-2_000)}`);
    assert.is(await stopInstance(instance), 0, instance.stderr().slice(-2_000));

    const expired = logEvents(instance, 'stream.records_expired');
    assert.is(expired.length, 1, 'the loss is logged once');
    assert.equal([expired[0].from, expired[0].earliest, expired[0].lost], [groupOffset, deletedBefore, deletedBefore - groupOffset]);
    const rows = csvRows(config.paths.output);
    assert.equal(sortedCopy(rows), sortedCopy(readings.slice(deletedBefore).map(csvLine)), 'what retention kept, once');
  } finally {
    if (instance) await stopInstance(instance);
    scratch.cleanup();
  }
});

test.run();
