import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd } from '../kafka';
import { silentLogger } from '../log';
import { checkRules, checkStructure } from '../schema';
import { testBrokers, uniqueTopic } from '../../test/support';
import { runProducer } from '.';

test('--count 10000 puts exactly 10,000 valid messages in the topic, one partition per sensor', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-count');
  const summary = await runProducer({ brokers, topic, sensors: 25, rate: 'max', count: 10_000, invalidRatio: 0, partitions: 3, logger: silentLogger });
  assert.is(summary.sent, 10_000);
  assert.is(summary.acknowledged, 10_000);
  assert.is(summary.failed, 0);
  assert.is(summary.byKind.valid, 10_000);

  const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
  assert.is(records.length, 10_000);
  const partitionOfSensor = new Map<string, Set<number>>();
  for (const record of records) {
    const structure = checkStructure(record.value);
    assert.ok(structure.ok, `${record.value}`);
    if (!structure.ok) continue;
    assert.equal(checkRules(structure.reading), []);
    assert.is(record.key, String(structure.reading.sensor_id));
    partitionOfSensor.set(record.key!, (partitionOfSensor.get(record.key!) ?? new Set()).add(record.partition));
  }
  assert.is(partitionOfSensor.size, 25);
  for (const [sensor, partitions] of partitionOfSensor) assert.is(partitions.size, 1, `sensor ${sensor} on partitions ${[...partitions]}`);
  assert.is(new Set(records.map((record) => record.partition)).size, 3, 'all three partitions used');
});

test.run();
