import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeRecordBatch } from './recordBatch';

// kafkajs's own encoder is the reference: the same records must give the same bytes, CRC included.
/* eslint-disable @typescript-eslint/no-var-requires */
const Long = require('kafkajs/src/utils/long');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
/* eslint-enable @typescript-eslint/no-var-requires */

async function kafkajsBatch(records: { key: Buffer; value: string | Buffer }[], producerId: bigint, producerEpoch: number, baseSequence: number, timestamp: number): Promise<Buffer> {
  const encoded = await RecordBatch({
    records: records.map((record, index) => Record({ ...record, offsetDelta: index, timestampDelta: 0 })),
    firstTimestamp: timestamp, maxTimestamp: timestamp, partitionLeaderEpoch: -1, lastOffsetDelta: records.length - 1,
    producerId: Long.fromString(String(producerId)), producerEpoch, firstSequence: baseSequence,
  });
  return encoded.buffer;
}

test('a record batch is byte for byte what kafkajs encodes, CRC-32C included', async () => {
  const records = Array.from({ length: 300 }, (_, index) => ({
    key: Buffer.from(String(1 + (index % 17))),
    value: index % 50 === 7 ? '' : index % 3 === 0 ? `{"sensor_id":${index},"note":"ünïcode ✓ ${'x'.repeat(index)}"}` : Buffer.from(`{"n":${index}}`),
  }));
  const ours = encodeRecordBatch(records, { producerId: 4_000_000_123n, producerEpoch: 3, baseSequence: 70_000 }, 1_764_158_400_123);
  assert.equal(ours.toString('hex'), (await kafkajsBatch(records, 4_000_000_123n, 3, 70_000, 1_764_158_400_123)).toString('hex'));
});

test('a batch of one record', async () => {
  const records = [{ key: Buffer.from('1'), value: '{"sensor_id":1}' }];
  const ours = encodeRecordBatch(records, { producerId: 0n, producerEpoch: 0, baseSequence: 0 }, 5);
  assert.equal(ours.toString('hex'), (await kafkajsBatch(records, 0n, 0, 0, 5)).toString('hex'));
});

test.run();
