import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withAdmin } from '../kafka';
import { waitFor } from '../process';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { spawnIot } from '../../test/support/iotProcess';
import { kafkaTopics, startKafkaTool } from '../../test/support/kafka/kafkaTools';
import { consumeAvailable } from '../../test/support/stream/fixtures';
import { archivedRows, expectedRows, merge, produceReadings, waitForRows } from '../../test/support/stream/exactlyOnce';
import { fetchGroupOffsets } from './source';

const admin = <T>(use: Parameters<typeof withAdmin<T>>[1]) => withAdmin({ brokers: testBrokers(), clientId: 'spec' }, use);
const sum = (offsets: Record<string, number> | undefined) => Object.values(offsets ?? {}).reduce((total, offset) => total + offset, 0);

test('a standalone merge after a failed group commit, then a consume: every reading archived once', async () => {
  const topic = uniqueTopic('group-behind');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const env = { ...process.env, DATA_DIR: scratch.dir, KAFKA_BROKERS: testBrokers().join(','), IOT_ENV_FILE: '/nonexistent/.env', LOG_LEVEL: 'info', LOG_FORMAT: 'json' };
  const consumer = spawnIot(['consume', '--duration', '0', '--trigger', '0.3', '--topic', topic, '--group', group], env);
  let member: Awaited<ReturnType<typeof startKafkaTool>> | undefined;
  try {
    await kafkaTopics(['--create', '--topic', topic, '--partitions', '3']);
    const first = await produceReadings(topic, 400, 1);
    await waitForRows(config, 400);
    // Kafka's console consumer joins the group: the coordinator now refuses the stream's commits from outside it.
    member = await startKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server', testBrokers().join(','), '--topic', topic, '--group', group, '--consumer-property', 'enable.auto.commit=false',
    ]);
    assert.ok(await waitFor(async () => ((await admin((client) => client.describeGroups({ groups: [group] }))).get(group)?.members.size ?? 0) > 0, { timeoutMs: 60_000 }), 'the console consumer joined');
    const second = await produceReadings(topic, 500, 10_000);
    await waitForRows(config, 900);
    assert.ok(await waitFor(() => consumer.stderr().includes('stream.group_commit_failed'), { timeoutMs: 30_000, intervalMs: 200 }), 'the group commit failed');
    consumer.child.kill('SIGKILL');
    await consumer.done;
    member.child.kill('SIGTERM');
    await member.exited;
    assert.ok(await waitFor(async () => ((await admin((client) => client.describeGroups({ groups: [group] }))).get(group)?.members.size ?? 0) === 0, { timeoutMs: 60_000 }), 'the group is empty again');
    assert.ok(sum(await admin((client) => fetchGroupOffsets(client, group, topic))) < 900, 'the group is behind the checkpoint');

    const merged = await merge(config);
    assert.is(merged.rows, 900);
    assert.is(sum(await admin((client) => fetchGroupOffsets(client, group, topic))), 900, 'the merge handed the committed offsets to the group before clearing');

    const third = await produceReadings(topic, 300, 20_000);
    const rerun = await consumeAvailable(config, testBrokers(), topic, { group });
    assert.is(rerun.startedFrom, 'group');
    assert.is(rerun.rowsWritten, 300, 'nothing read again');
    assert.is((await merge(config)).rows, 300);
    assert.equal(archivedRows(scratch.dir), expectedRows([...first, ...second, ...third]));
  } finally {
    consumer.child.kill('SIGKILL');
    member?.child.kill('SIGKILL');
    scratch.cleanup();
  }
});

test.run();
