// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMessageSource } from './messageSource';

const options = { sensors: 7, partitions: 3, invalidRatio: 0.2, startSecondOfDay: 0, now: () => 1_764_151_200_000 };
const take = (seed: number, n: number) => {
  const source = createMessageSource({ ...options, seed });
  return Array.from({ length: n }, () => { const m = source.next(); return `${m.key}|${m.partition}|${m.kind}|${m.value}`; });
};

test('the same seed gives the same messages', () => {
  assert.equal(take(42, 2_000), take(42, 2_000));
});

test('another seed gives other readings', () => {
  assert.not.equal(take(42, 50), take(43, 50));
});

test('sensors take turns, each keyed by its sensor_id and always on one partition', () => {
  const source = createMessageSource({ ...options, seed: 1, invalidRatio: 0 });
  const partitionOf = new Map<string, number>();
  for (let index = 0; index < 70; index++) {
    const message = source.next();
    assert.is(message.key.toString(), String((index % 7) + 1));
    assert.is(JSON.parse(message.value).sensor_id, (index % 7) + 1);
    assert.is(message.value, JSON.stringify(JSON.parse(message.value)), 'the same text as JSON.stringify');
    if (partitionOf.has(message.key.toString())) assert.is(partitionOf.get(message.key.toString()), message.partition);
    partitionOf.set(message.key.toString(), message.partition);
  }
  assert.ok(new Set(partitionOf.values()).size > 1, 'sensors spread over partitions');
});

test('about the asked share is invalid', () => {
  const source = createMessageSource({ ...options, seed: 5 });
  let invalid = 0;
  for (let index = 0; index < 10_000; index++) if (source.next().kind !== 'valid') invalid++;
  assert.ok(invalid > 1_800 && invalid < 2_200, `invalid ${invalid}`);
});

test.run();
