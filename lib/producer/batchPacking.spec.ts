import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packBatch, unpackBatch } from './batchPacking';

test('a packed batch unpacks to the same keys, values and partitions', () => {
  const batch = [
    { key: Buffer.from('1'), value: '{"sensor_id":1}', partition: 2 },
    { key: Buffer.from('12345'), value: '', partition: 0 },
    { key: Buffer.from('7'), value: 'ünïcode ✓', partition: 65_535 },
  ];
  const unpacked = unpackBatch(packBatch(batch));
  assert.equal(unpacked.map((m) => [String(m.key), String(m.value), m.partition]), batch.map((m) => [String(m.key), String(m.value), m.partition]));
});

test('an empty batch survives too', () => {
  assert.equal(unpackBatch(packBatch([])), []);
});

test.run();
