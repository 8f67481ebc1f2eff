// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countBetween, planEnd, reached } from './planOffsets';

test('without a cap a batch reads up to the latest offsets', () => {
  assert.equal(planEnd({ 0: 5, 1: 0 }, { 0: 10, 1: 3 }), { 0: 10, 1: 3 });
});

test('maxPerBatch is shared by lag, and a small lag still moves (Spark rounding)', () => {
  const end = planEnd({ 0: 0, 1: 0, 2: 0 }, { 0: 900, 1: 100, 2: 1 }, 100);
  assert.equal(end, { 0: 89, 1: 9, 2: 1 });
  assert.ok(countBetween({ 0: 0, 1: 0, 2: 0 }, end) <= 100);
});

test('a new partition starts at its latest offset in the plan; reached compares per partition', () => {
  assert.equal(planEnd({ 0: 1 }, { 0: 2, 1: 7 }), { 0: 2, 1: 7 });
  assert.ok(reached({ 0: 5, 1: 3 }, { 0: 5, 1: 2 }));
  assert.not.ok(reached({ 0: 5 }, { 0: 5, 1: 1 }));
});

test.run();
