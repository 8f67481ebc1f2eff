import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { kafkaTopics } from '../../test/support/kafka/kafkaTools';
import { archivedRows, expectedRows, merge, produceReadings, startStream, waitForRows } from '../../test/support/stream/exactlyOnce';
import { withAdmin } from '../kafka';

test('partitions added mid-run while readings keep arriving: every reading is archived once, the new partitions\' first records too', async () => {
  const topic = uniqueTopic('grown');
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const stream = startStream(config, topic, `${topic}-group`);
  try {
    await kafkaTopics(['--create', '--topic', topic, '--partitions', '2']);
    const first = await produceReadings(topic, 400, 1);
    await waitForRows(config, 400);
    // Readings keep arriving while the topic grows: one producer before the change is seen, one after.
    const [second] = await Promise.all([produceReadings(topic, 300, 10_000), kafkaTopics(['--alter', '--topic', topic, '--partitions', '6'])]);
    const third = await produceReadings(topic, 600, 20_000);
    const partitions = await withAdmin({ brokers: testBrokers(), clientId: 'spec' }, async (admin) => (await admin.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)!.partitionsCount);
    assert.is(partitions, 6);
    await waitForRows(config, 1300);
    stream.stop();
    await stream.done;
    const merged = await merge(config);
    assert.is(merged.rows, 1300);
    assert.equal(archivedRows(scratch.dir), expectedRows([...first, ...second, ...third]));
  } finally {
    stream.stop();
    await stream.done.catch(() => undefined);
    scratch.cleanup();
  }
});

test.run();
