import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gzipSync } from 'node:zlib';
import { nextOffsetAfter, visitRecords } from './recordBatches';

function varint(value: number): Buffer {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  do {
    let byte = zigzag % 128;
    zigzag = Math.floor(zigzag / 128);
    if (zigzag > 0) byte |= 0x80;
    bytes.push(byte);
  } while (zigzag > 0);
  return Buffer.from(bytes);
}

function bytesField(value: string | null): Buffer {
  return value === null ? varint(-1) : Buffer.concat([varint(Buffer.byteLength(value)), Buffer.from(value)]);
}

/** A record batch in Kafka's v2 format; `control` marks a transaction marker batch. */
function batch(baseOffset: number, values: (string | null)[], options: { control?: boolean; gzip?: boolean; key?: string } = {}): Buffer {
  const records = values.map((value, delta) => {
    const header = Buffer.concat([bytesField('h'), bytesField('header value')]);
    const body = Buffer.concat([Buffer.from([0]), varint(delta * 10), varint(delta), bytesField(options.key ?? null), bytesField(value), varint(1), header]);
    return Buffer.concat([varint(body.length), body]);
  });
  let recordBytes = Buffer.concat(records);
  if (options.gzip) recordBytes = gzipSync(recordBytes);
  const head = Buffer.alloc(61);
  head.writeBigInt64BE(BigInt(baseOffset), 0);
  head.writeInt32BE(61 - 12 + recordBytes.length, 8);
  head.writeInt8(2, 16);
  head.writeInt16BE((options.control ? 0x20 : 0) | (options.gzip ? 1 : 0), 21);
  head.writeInt32BE(values.length - 1, 23);
  head.writeBigInt64BE(1_000_000n, 27);
  head.writeInt32BE(values.length, 57);
  return Buffer.concat([head, recordBytes]);
}

function visitAll(buffer: Buffer, from: number, to: number, end = buffer.length) {
  const seen: Array<[number, string | null, number]> = [];
  const next = visitRecords({ buffer, start: 0, end }, 0, from, to, (_partition, offset, value, timestamp) => seen.push([offset, value === null ? null : value.toString('utf8'), timestamp]));
  return { seen, next };
}

test('records in [from, to) are visited with value, offset and timestamp; keys and headers are skipped', () => {
  const buffer = Buffer.concat([batch(10, ['a', null, 'c'], { key: 'k' }), batch(13, ['d', 'e'])]);
  assert.equal(visitAll(buffer, 11, 14), { seen: [[11, null, 1_000_010], [12, 'c', 1_000_020], [13, 'd', 1_000_000]], next: 14 });
  assert.equal(visitAll(buffer, 0, 100).next, 15);
});

test('control batches are stepped over; gzip batches are read; a batch cut off by maxBytes is left for the next fetch', () => {
  const whole = Buffer.concat([batch(0, ['a']), batch(1, ['marker'], { control: true }), batch(2, ['b', 'c'], { gzip: true })]);
  assert.equal(visitAll(whole, 0, 10).seen.map(([offset, value]) => `${offset}:${value}`), ['0:a', '2:b', '3:c']);
  const cut = whole.length - 5;
  assert.equal(visitAll(whole, 0, 10, cut), { seen: [[0, 'a', 1_000_000]], next: 2 });
  assert.is(nextOffsetAfter({ buffer: whole, start: 0, end: cut }, 0), 2);
  assert.is(nextOffsetAfter({ buffer: whole, start: 0, end: whole.length }, 0), 4);
});

test.run();
