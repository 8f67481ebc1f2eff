import { gunzipSync } from 'node:zlib';
import { ServiceError } from '../../errors';

/** One partition of a Fetch (v4) response; `records` is a window of the response buffer. */
export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: number;
  records: { buffer: Buffer; start: number; end: number } | undefined;
}

/** Called per record: the value's bytes (null when absent; valid during the call only) and the record's timestamp in ms. */
export type RecordVisitor = (partition: number, offset: number, value: Buffer | null, timestamp: number) => void;

const batchHeaderBytes = 61;

/**
 * Reads a Fetch v4 response without decoding records: partitions and their
 * record-set windows. Records are then visited straight from the buffer, so
 * a record costs one string and no objects (kafkajs builds several per record).
 */
export function decodeFetchResponse(buffer: Buffer): FetchedPartition[] {
  let pos = 4; // throttle_time_ms
  const partitions: FetchedPartition[] = [];
  const topicCount = buffer.readInt32BE(pos); pos += 4;
  for (let t = 0; t < topicCount; t++) {
    pos += 2 + buffer.readInt16BE(pos); // topic name
    const partitionCount = buffer.readInt32BE(pos); pos += 4;
    for (let p = 0; p < partitionCount; p++) {
      const partition = buffer.readInt32BE(pos);
      const errorCode = buffer.readInt16BE(pos + 4);
      const highWatermark = Number(buffer.readBigInt64BE(pos + 6));
      pos += 22; // partition, error, high watermark, last stable offset
      const aborted = buffer.readInt32BE(pos); pos += 4;
      if (aborted > 0) pos += aborted * 16;
      const size = buffer.readInt32BE(pos); pos += 4;
      partitions.push({ partition, errorCode, highWatermark, records: size > 0 ? { buffer, start: pos, end: pos + size } : undefined });
      if (size > 0) pos += size;
    }
  }
  return partitions;
}

/**
 * The offset after the last complete batch in a record set (control batches
 * included), from batch headers only: the next fetch can be sent before the
 * records of this one are processed.
 */
export function nextOffsetAfter(records: { buffer: Buffer; start: number; end: number }, fallback: number): number {
  const { buffer, end } = records;
  let pos = records.start;
  let next = fallback;
  while (pos + batchHeaderBytes <= end) {
    const length = buffer.readInt32BE(pos + 8);
    if (pos + 12 + length > end) break;
    next = Math.max(next, Number(buffer.readBigInt64BE(pos)) + buffer.readInt32BE(pos + 23) + 1);
    pos += 12 + length;
  }
  return next;
}

/**
 * Visits the records with offsets in [from, to) of a record set (magic 2,
 * uncompressed or gzip, as kafkajs producers write), skipping control
 * batches. Returns the offset after the last batch it read completely.
 */
export function visitRecords(
  records: { buffer: Buffer; start: number; end: number }, partition: number, from: number, to: number, visit: RecordVisitor,
): number {
  const { buffer, end } = records;
  let pos = records.start;
  let next = from;
  while (pos + batchHeaderBytes <= end) {
    const baseOffset = Number(buffer.readBigInt64BE(pos));
    const length = buffer.readInt32BE(pos + 8);
    const batchEnd = pos + 12 + length;
    if (batchEnd > end) break; // cut off by maxBytes: fetched again next time
    const magic = buffer.readInt8(pos + 16);
    if (magic !== 2) throw unsupported(`message format v${magic}`);
    const attributes = buffer.readInt16BE(pos + 21);
    const lastOffset = baseOffset + buffer.readInt32BE(pos + 23);
    if (lastOffset >= from && (attributes & 0x20) === 0) {
      const firstTimestamp = Number(buffer.readBigInt64BE(pos + 27));
      const count = buffer.readInt32BE(pos + 57);
      const body = recordsOf(buffer, pos + batchHeaderBytes, batchEnd, attributes & 0x07);
      visitBatch(body.buffer, body.start, count, partition, baseOffset, firstTimestamp, from, to, visit);
    }
    next = Math.min(Math.max(next, lastOffset + 1), to);
    pos = batchEnd;
    if (next >= to) break;
  }
  return next;
}

function visitBatch(
  buffer: Buffer, start: number, count: number, partition: number, baseOffset: number, firstTimestamp: number, from: number, to: number, visit: RecordVisitor,
): void {
  const cursor = { pos: start };
  for (let index = 0; index < count; index++) {
    const length = readVarint(buffer, cursor);
    const recordEnd = cursor.pos + length;
    cursor.pos += 1; // attributes
    const timestampDelta = readVarint(buffer, cursor);
    const offset = baseOffset + readVarint(buffer, cursor);
    if (offset >= to) return;
    const keyLength = readVarint(buffer, cursor);
    if (keyLength > 0) cursor.pos += keyLength;
    const valueLength = readVarint(buffer, cursor);
    if (offset >= from) {
      const value = valueLength < 0 ? null : buffer.subarray(cursor.pos, cursor.pos + valueLength);
      visit(partition, offset, value, firstTimestamp + timestampDelta);
    }
    cursor.pos = recordEnd; // headers are not used
  }
}

function recordsOf(buffer: Buffer, start: number, end: number, codec: number): { buffer: Buffer; start: number } {
  if (codec === 0) return { buffer, start };
  if (codec === 1) return { buffer: gunzipSync(buffer.subarray(start, end)), start: 0 };
  throw unsupported(`compression codec ${['none', 'gzip', 'snappy', 'lz4', 'zstd'][codec] ?? codec}`);
}

/** Zig-zag varint (Kafka record fields); values here stay far below 2^53. */
function readVarint(buffer: Buffer, cursor: { pos: number }): number {
  let value = 0;
  let factor = 1;
  let byte: number;
  do {
    byte = buffer[cursor.pos++];
    value += (byte & 0x7f) * factor;
    factor *= 128;
  } while (byte & 0x80);
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function unsupported(what: string): ServiceError {
  return new ServiceError(`The consumer cannot read ${what}.`, {
    code: 'KAFKA_FORMAT_UNSUPPORTED',
    retriable: false,
    hint: 'Produce uncompressed or gzip-compressed records (kafkajs producers do; Java clients: compression.type=none or gzip).',
  });
}
