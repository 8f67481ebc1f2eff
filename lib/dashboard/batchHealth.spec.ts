// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BatchProgress } from '../stream/engine/progress';
import { consumerState } from './batchHealth';

const batchAt = (time: number, end: Record<string, number>): BatchProgress => ({
  batchId: 7, timestamp: new Date(time).toISOString(), redo: false, numInputRows: 10, rowsWritten: 10, rowsQuarantined: 0,
  inputRowsPerSecond: 2, processedRowsPerSecond: 100, durationMs: { plan: 1, readWrite: 5, commit: 4, total: 10 },
  startOffsets: {}, endOffsets: end, latestOffsets: end, lag: {}, files: [],
});

const now = Date.parse('2026-01-01T12:00:00Z');

test('no batch for more than 3 triggers while records wait past the last batch: stalled, with how many wait', () => {
  const state = consumerState(batchAt(now - 16_000, { 0: 100, 1: 50 }), { 0: 130, 1: 55 }, 5, now);
  assert.is(state.kind, 'stalled');
  assert.is((state as { waiting: number }).waiting, 35);
});

test('the same silence with nothing new in the topic is idle, not stalled', () => {
  assert.is(consumerState(batchAt(now - 60_000, { 0: 100 }), { 0: 100 }, 5, now).kind, 'idle');
});

test('a batch within the last two triggers is running, even with records waiting for the next one', () => {
  assert.is(consumerState(batchAt(now - 4_000, { 0: 100 }), { 0: 140 }, 5, now).kind, 'running');
});

test('three triggers exactly is not yet stalled; the trigger given is the one applied', () => {
  assert.is(consumerState(batchAt(now - 15_010, { 0: 1 }), { 0: 9 }, 5, now).kind, 'idle');
  assert.is(consumerState(batchAt(now - 15_010, { 0: 1 }), { 0: 9 }, 1, now).kind, 'stalled');
});

test('while Kafka does not answer (no latest offsets) nothing is known to wait: never stalled', () => {
  assert.is(consumerState(batchAt(now - 600_000, { 0: 1 }), undefined, 5, now).kind, 'idle');
});

test.run();
