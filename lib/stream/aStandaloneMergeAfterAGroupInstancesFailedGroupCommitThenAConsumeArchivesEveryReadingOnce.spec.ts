import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../process';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { withAdmin } from '../kafka';
import { kafkaConsumerGroups, kafkaTopics } from '../../test/support/kafka/kafkaTools';
import { groupCommitted, groupCommittedTotal, killNine, startInstance, stopInstance } from '../../test/support/stream/group';
import { archivedRows, expectedRows, merge, produceReadings, waitForRows } from '../../test/support/stream/exactlyOnce';

const groupMembers = (group: string) => withAdmin({ brokers: testBrokers(), clientId: 'spec' }, async (admin) => (await admin.describeGroups({ groups: [group] })).get(group)?.members.size ?? 0);

test('a standalone merge after a group instance\'s failed group commit, then a consume with --instance: every reading archived once', async () => {
  const topic = uniqueTopic('instance-behind');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const instance = startInstance(scratch.dir, topic, group, 'a');
  let rerun: ReturnType<typeof startInstance> | undefined;
  const offsetsFile = scratchDir();
  try {
    await kafkaTopics(['--create', '--topic', topic, '--partitions', '3']);
    const first = await produceReadings(topic, 400, 1);
    await waitForRows(config, 400);
    assert.ok(await waitFor(async () => (await groupCommittedTotal(group, topic)) === 400, { timeoutMs: 30_000 }), 'the first batches reached the group');
    const firstOffsets = await groupCommitted(group, topic);
    const second = await produceReadings(topic, 500, 10_000);
    await waitForRows(config, 900);
    assert.ok(await waitFor(async () => (await groupCommittedTotal(group, topic)) === 900, { timeoutMs: 30_000 }), 'the second batches committed');
    await killNine(instance);
    // The state a failed group commit leaves, then kill -9: the batch is committed in the checkpoint, the group still
    // at the batch before, and no note of a group commit after it. The group is moved back with Kafka's own tool.
    // Kafka resets a group's offsets only once it has no members: the killed instance's session must run out first.
    assert.ok(await waitFor(async () => (await groupMembers(group)) === 0, { timeoutMs: 120_000, intervalMs: 1000 }), 'the killed instance left the group');
    const csv = Object.entries(firstOffsets).map(([partition, offset]) => `${topic},${partition},${offset}`).join('\n') + '\n';
    writeFileSync(join(offsetsFile.dir, 'offsets.csv'), csv);
    await kafkaConsumerGroups(['--group', group, '--reset-offsets', '--from-file', join(offsetsFile.dir, 'offsets.csv'), '--execute']);
    rmSync(join(config.paths.checkpoint, 'a', 'group-offsets'), { force: true });
    assert.is(await groupCommittedTotal(group, topic), 400, 'the group is behind the checkpoint');

    const merged = await merge(config);
    assert.is(merged.rows, 900);
    assert.is(await groupCommittedTotal(group, topic), 900, 'the merge handed the committed offsets to the group before clearing');

    const third = await produceReadings(topic, 300, 20_000);
    rerun = startInstance(scratch.dir, topic, group, 'a');
    await waitForRows(config, 300);
    assert.is(await stopInstance(rerun), 0, rerun.stderr());
    assert.is((await merge(config)).rows, 300, 'nothing read again');
    assert.equal(archivedRows(scratch.dir), expectedRows([...first, ...second, ...third]));
  } finally {
    await killNine(instance);
    if (rerun) await killNine(rerun);
    offsetsFile.cleanup();
    scratch.cleanup();
  }
});

test.run();
