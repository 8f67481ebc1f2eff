import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crc32c } from './crc32c';
import { createRandom } from './seededRandom';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;

test('the check value of the CRC-32C catalogue: "123456789" gives 0xE3069283', () => {
  assert.is(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test('the same checksum as kafkajs for every length up to 300 and for offsets into a buffer', () => {
  const random = createRandom(11);
  const bytes = Buffer.from(Array.from({ length: 400 }, () => random.below(256)));
  for (let length = 0; length <= 300; length++) assert.is(crc32c(bytes.subarray(0, length)), kafkajsCrc32c(bytes.subarray(0, length)), `length ${length}`);
  for (let start = 1; start < 9; start++) {
    for (const end of [start + 5, start + 17, 400]) assert.is(crc32c(bytes.subarray(start, end)), kafkajsCrc32c(bytes.subarray(start, end)), `${start} to ${end}`);
  }
});

test.run();
