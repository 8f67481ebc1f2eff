import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd } from '../kafka';
import { silentLogger } from '../log';
import { testBrokers, uniqueTopic } from '../../test/support';
import { runProducer } from '.';

const count = 6_000;
const seconds = (timestamp: string) => Date.parse(timestamp.replace(' ', 'T')) / 1000;

test('--out-of-order, --late-ratio and --duplicate-ratio make out-of-order, late and repeated readings in the shares asked for', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-timing');
  const summary = await runProducer({
    brokers, topic, sensors: 20, rate: 'max', count, seed: 7, invalidRatio: 0, partitions: 3, logger: silentLogger,
    timing: { outOfOrderSeconds: 20, lateRatio: 0.05, lateBySeconds: 600 }, duplicateRatio: 0.1,
  });
  const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
  assert.is(records.length, count);
  const duplicates = summary.byKind.duplicate;
  assert.ok(duplicates > count * 0.06 && duplicates < count * 0.12, `${duplicates} duplicates of ${count}`);

  let repeats = 0;
  let late = 0;
  let outOfOrder = 0;
  const previous = new Map<number, string>();
  const newest = new Map<number, number>();
  for (const record of records) {
    const value = record.value ?? '';
    if (previous.get(record.partition) === value) repeats++;
    previous.set(record.partition, value);
    const at = seconds(JSON.parse(value).timestamp);
    const latest = newest.get(record.partition) ?? at;
    if (at <= latest - 590) late++;
    else if (at < latest) outOfOrder++;
    if (at - latest <= 30) newest.set(record.partition, Math.max(latest, at));
  }
  assert.is(repeats, duplicates, 'each duplicate is the same message again, right after it');
  assert.ok(late > count * 0.02 && late < count * 0.08, `${late} readings stamped 10 minutes back`);
  assert.ok(outOfOrder > count * 0.3, `${outOfOrder} readings older than one sent before them`);
});

test.run();
