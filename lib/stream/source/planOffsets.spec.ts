// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alignToLog, countBetween, planEnd, reached } from './planOffsets';

test('without a cap a batch reads up to the latest offsets', () => {
  assert.equal(planEnd({ 0: 5, 1: 0 }, { 0: 10, 1: 3 }), { 0: 10, 1: 3 });
});

test('maxPerBatch is shared by lag, and a small lag still moves (Spark rounding)', () => {
  const end = planEnd({ 0: 0, 1: 0, 2: 0 }, { 0: 900, 1: 100, 2: 1 }, 100);
  assert.equal(end, { 0: 89, 1: 9, 2: 1 });
  assert.ok(countBetween({ 0: 0, 1: 0, 2: 0 }, end) <= 100);
});

test('a partition without a start is not planned until it is aligned; reached compares per partition', () => {
  assert.equal(planEnd({ 0: 1 }, { 0: 2, 1: 7 }), { 0: 2 });
  assert.ok(reached({ 0: 5, 1: 3 }, { 0: 5, 1: 2 }));
  assert.not.ok(reached({ 0: 5 }, { 0: 5, 1: 1 }));
});

test('a new partition starts at its earliest offset, not its latest: every record of it is planned', () => {
  const aligned = alignToLog({ 0: 5 }, { 0: 0, 1: 3 }, { 0: 9, 1: 241 });
  assert.equal(aligned.position, { 0: 5, 1: 3 });
  assert.equal(aligned.added, ['1']);
  assert.equal(planEnd(aligned.position, { 0: 9, 1: 241 }), { 0: 9, 1: 241 });
  assert.is(countBetween(aligned.position, { 0: 9, 1: 241 }), 4 + 238);
});

test('a position below the log start is moved up and the gap reported with its count; one past the end is reported as ahead', () => {
  const aligned = alignToLog({ 0: 10, 1: 50, 2: 7 }, { 0: 40, 1: 0, 2: 0 }, { 0: 90, 1: 20, 2: 7 });
  assert.equal(aligned.position, { 0: 40, 1: 50, 2: 7 });
  assert.equal(aligned.expired, [{ partition: '0', from: 10, earliest: 40, lost: 30 }]);
  assert.equal(aligned.ahead, [{ partition: '1', from: 50, latest: 20 }]);
  assert.equal(aligned.added, []);
});

test.run();
