import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint, PartitionOffsets } from './checkpoint';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { createTopic, distinctReadings, sendValues } from '../../test/support/stream/fixtures';
import { groupCommitted, startInstance, stopInstance } from '../../test/support/stream/group';
import { waitFor } from '../process';

const partitions = 3;
const perPartition = 100;

/**
 * What a member leaves when it commits its batch and then loses its
 * partitions (killed, or a rebalance) before its group commit: the
 * checkpoint says everything was read, the group says nothing was.
 */
function plantCommittedBatchOfAGoneInstance(checkpointDir: string, topic: string, end: PartitionOffsets): void {
  const checkpoint = Checkpoint.open(join(checkpointDir, 'gone'), { topic, group: 'spec' });
  try {
    const start = Object.fromEntries(Object.keys(end).map((p) => [p, 0]));
    checkpoint.offsets.add(0, { batchId: 0, topic, start, end, format: 'csv', plannedAt: new Date().toISOString(), instance: 'gone' });
    checkpoint.sinks.add(0, { batchId: 0, files: [] });
    checkpoint.commits.add(0, { batchId: 0, committedAt: new Date().toISOString(), rowsWritten: 0, rowsQuarantined: 0 });
  } finally {
    checkpoint.close();
  }
}

test('partitions taken over past another instance\'s committed batch are committed to the group at once, with nothing read again', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('group-takeover');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const end: PartitionOffsets = Object.fromEntries(Array.from({ length: partitions }, (_, p) => [String(p), perPartition]));
  const instance = { current: undefined as ReturnType<typeof startInstance> | undefined };
  try {
    await createTopic(brokers, topic, partitions);
    await sendValues(brokers, topic, distinctReadings(partitions * perPartition).map((reading) => JSON.stringify(reading)), partitions);
    plantCommittedBatchOfAGoneInstance(config.paths.checkpoint, topic, end);
    assert.equal(await groupCommitted(group, topic, brokers), {}, 'the group has no offsets yet');

    instance.current = startInstance(scratch.dir, topic, group, 'heir', { brokers, batchArgs: ['--trigger', '0.3', '--starting-offsets', 'earliest'] });
    const caughtUp = await waitFor(async () => {
      const committed = await groupCommitted(group, topic, brokers);
      return Object.keys(end).every((p) => committed[p] === end[p]);
    }, { timeoutMs: 60_000, intervalMs: 250 });
    assert.ok(caughtUp, `the group's offsets reach the checkpoint's ${JSON.stringify(end)}; instance log:\n${instance.current.stderr().slice(-2_000)}`);
    assert.is(await stopInstance(instance.current), 0, instance.current.stderr().slice(-2_000));
    assert.equal((existsSync(config.paths.output) ? readdirSync(config.paths.output) : []).filter((name) => name.startsWith('part-heir-')), [], 'the heir read nothing again');
  } finally {
    if (instance.current) await stopInstance(instance.current);
    scratch.cleanup();
  }
});

test.run();
