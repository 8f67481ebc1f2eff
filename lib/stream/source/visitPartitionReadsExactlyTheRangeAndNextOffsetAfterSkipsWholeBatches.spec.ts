// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IS_CONTROL } from '@platformatic/kafka';
import { nextOffsetAfter, visitPartition } from './rangeFetcher';

type Fetched = Parameters<typeof visitPartition>[0];

/** A record batch as platformatic decodes it: `count` records from `firstOffset`, 10 ms apart. */
function recordBatch(firstOffset: number, count: number, options: { control?: boolean; gaps?: number[] } = {}) {
  const deltas = options.gaps ?? Array.from({ length: count }, (_, index) => index);
  return {
    firstOffset: BigInt(firstOffset), lastOffsetDelta: deltas[deltas.length - 1], attributes: options.control ? IS_CONTROL : 0,
    firstTimestamp: 1_000n, length: 100,
    records: deltas.map((delta) => ({ offsetDelta: delta, timestampDelta: BigInt(delta * 10), value: Buffer.from(`v${firstOffset + delta}`) })),
  };
}

function partition(...batches: ReturnType<typeof recordBatch>[]): Fetched {
  return { partitionIndex: 2, highWatermark: 1_000n, records: batches } as unknown as Fetched;
}

function visited(fetched: Fetched, from: number, to: number): Array<[number, number, string, number]> {
  const seen: Array<[number, number, string, number]> = [];
  visitPartition(fetched, from, to, (index, offset, value, timestamp) => seen.push([index, offset, value!.toString(), timestamp]));
  return seen;
}

test('only offsets in [from, to) are visited, though a compressed batch arrives whole from before `from`', () => {
  const fetched = partition(recordBatch(100, 5), recordBatch(105, 5));
  const offsets = visited(fetched, 103, 107).map(([, offset]) => offset);
  assert.equal(offsets, [103, 104, 105, 106]);
  assert.equal(visited(fetched, 103, 104)[0], [2, 103, 'v103', 1_030], 'partition, offset, value and the record\'s own timestamp');
});

test('control batches (transaction markers) are skipped; offsets after them are read', () => {
  const fetched = partition(recordBatch(100, 2), recordBatch(102, 1, { control: true }), recordBatch(103, 2));
  assert.equal(visited(fetched, 100, 200).map(([, offset]) => offset), [100, 101, 103, 104]);
});

test('compacted batches with gaps in their offsets visit what is there', () => {
  const fetched = partition(recordBatch(100, 3, { gaps: [0, 4, 9] }));
  assert.equal(visited(fetched, 101, 110).map(([, offset]) => offset), [104, 109]);
});

test('nextOffsetAfter: past the last whole batch (control batches too), never behind where the fetch started', () => {
  assert.is(nextOffsetAfter(partition(recordBatch(100, 5), recordBatch(105, 1, { control: true })), 100), 106);
  assert.is(nextOffsetAfter(partition(recordBatch(100, 3, { gaps: [0, 4, 9] })), 100), 110);
  assert.is(nextOffsetAfter(partition(recordBatch(100, 5)), 120), 120, 'an old batch does not move the position back');
  assert.is(nextOffsetAfter(partition(), 42), 42, 'an empty answer stays put');
});

test.run();
