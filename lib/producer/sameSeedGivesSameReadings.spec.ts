import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd } from '../kafka';
import { silentLogger } from '../log';
import { testBrokers, uniqueTopic } from '../../test/support';
import { runProducer } from '.';

/** The readings of a run, in send order per sensor, without the send time (which is the wall clock by design). */
async function readingsOfRun(seed: number): Promise<string[]> {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-seed');
  await runProducer({ brokers, topic, sensors: 8, rate: 'max', count: 2_000, seed, invalidRatio: 0.1, partitions: 3, logger: silentLogger });
  const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
  return records.map((record) => `${record.partition}|${record.key}|${(record.value ?? '').replace(/"timestamp":("[^"]*"?|\d+)/, '')}`);
}

test('--seed gives the same readings twice', async () => {
  const first = await readingsOfRun(1234);
  const second = await readingsOfRun(1234);
  assert.is(first.length, 2_000);
  assert.equal(first, second);
  const other = await readingsOfRun(999);
  assert.not.equal(first, other);
});

test.run();
