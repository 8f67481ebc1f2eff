import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../process';
import { withAdmin } from '../kafka';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { kafkaTopics, runHintedConsumerGroupsCommand } from '../../test/support/kafka/kafkaTools';
import { consumeAvailable } from '../../test/support/stream/fixtures';
import { archivedRows, expectedRows, failureOf, merge, produceReadings, startStream, waitForRows } from '../../test/support/stream/exactlyOnce';
import { topicIdOf } from './source';

test('a topic deleted and recreated mid-run stops the stream with TOPIC_RECREATED naming both ids; following its hint loses and doubles nothing', async () => {
  const topic = uniqueTopic('recreated');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const stream = startStream(config, topic, group);
  try {
    await kafkaTopics(['--create', '--topic', topic, '--partitions', '3']);
    const before = await produceReadings(topic, 600, 1);
    await waitForRows(config, 600);
    const oldId = await withAdmin({ brokers: testBrokers(), clientId: 'spec' }, (admin) => topicIdOf(admin, topic));
    await kafkaTopics(['--delete', '--topic', topic]);
    // A deletion finishes in the background; creating the name again is refused until it has.
    assert.ok(await waitFor(async () => { await kafkaTopics(['--create', '--topic', topic, '--partitions', '3']); return true; }, { timeoutMs: 60_000, intervalMs: 1000 }), 'the topic could be created again');
    const after = await produceReadings(topic, 400, 100_000);
    const newId = await withAdmin({ brokers: testBrokers(), clientId: 'spec' }, (admin) => topicIdOf(admin, topic));

    const stopped = await failureOf(stream);
    assert.is(stopped.code, 'TOPIC_RECREATED', `${stopped.message} ${(stopped.cause as Error)?.stack ?? ''}`);
    assert.is(stopped.exitCode, 2);
    assert.match(stopped.message, oldId!);
    assert.match(stopped.message, newId!);

    // The hint: merge what was read from the old topic, reset the group with the command it names, consume again.
    const resetCommand = /`(kafka-consumer-groups\.sh [^`]+)`/.exec(stopped.hint ?? '')?.[1];
    assert.ok(resetCommand, `the hint names the reset command: ${stopped.hint}`);
    assert.is((await merge(config)).rows, 600);
    await runHintedConsumerGroupsCommand(resetCommand!);
    const rerun = await consumeAvailable(config, testBrokers(), topic, { group, startingOffsets: 'latest' });
    assert.is(rerun.rowsWritten, 400, 'the new topic is read from its start, whatever --starting-offsets says');
    assert.is((await merge(config)).rows, 400);
    assert.equal(archivedRows(scratch.dir), expectedRows([...before, ...after]));
  } finally {
    stream.stop();
    await stream.done.catch(() => undefined);
    scratch.cleanup();
  }
});

test.run();
