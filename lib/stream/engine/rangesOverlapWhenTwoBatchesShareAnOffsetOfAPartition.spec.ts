// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OffsetsEntry } from '../checkpoint';
import { rangesOverlap } from './groupFloor';

const batch = (start: Record<string, number>, end: Record<string, number>): OffsetsEntry =>
  ({ batchId: 0, topic: 't', start, end, format: 'csv', plannedAt: '2026-01-01T00:00:00Z' });

test('ranges [start, end) overlap exactly when they share an offset of that partition', () => {
  const a = batch({ 0: 10 }, { 0: 20 });
  const cases: Array<[number, number, boolean]> = [
    [0, 10, false], [0, 11, true], [5, 25, true], [12, 15, true], [19, 30, true], [20, 30, false], [25, 30, false],
  ];
  for (const [start, end, overlaps] of cases) {
    assert.is(rangesOverlap(a, batch({ 0: start }, { 0: end }), '0'), overlaps, `[10,20) vs [${start},${end})`);
    assert.is(rangesOverlap(batch({ 0: start }, { 0: end }), a, '0'), overlaps, `symmetric: [${start},${end}) vs [10,20)`);
  }
});

test('an empty range overlaps nothing, and another partition of the other batch does not count', () => {
  assert.not.ok(rangesOverlap(batch({ 0: 10 }, { 0: 10 }), batch({ 0: 0 }, { 0: 50 }), '0'));
  assert.not.ok(rangesOverlap(batch({ 0: 0 }, { 0: 50 }), batch({ 0: 30 }, { 0: 30 }), '0'));
  assert.not.ok(rangesOverlap(batch({ 0: 0 }, { 0: 50 }), batch({ 1: 0 }, { 1: 50 }), '0'), 'the other batch never read partition 0');
});

test('a partition with no start (new in that batch) reads nothing in it: its range is empty', () => {
  assert.not.ok(rangesOverlap(batch({}, { 0: 20 }), batch({ 0: 0 }, { 0: 50 }), '0'));
  assert.not.ok(rangesOverlap(batch({ 0: 0 }, { 0: 50 }), batch({}, { 0: 20 }), '0'));
});

test.run();
