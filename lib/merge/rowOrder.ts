import { readingColumnNames } from '../schema';

/**
 * The merge's row order for plain lines (see plainCsvRuns.ts), read straight
 * from their bytes: timestamp by its bytes (empty first, as polars sorts a
 * null first), then sensor_id as an integer; equal keys keep their order.
 * The order the polars sort gives (timestamp, sensor_id cast to Int64,
 * sensor_id, maintainOrder), without a string or an object per row.
 */
export interface RowKey {
  /** The bytes the line is in, and where its timestamp lies. */
  bytes: Buffer;
  timestampStart: number;
  timestampEnd: number;
  /** The timestamp's digits as one number when it has the schema's form (see timeKey), else NaN. */
  time: number;
  sensorId: number;
}

export function emptyKey(): RowKey {
  return { bytes: Buffer.alloc(0), timestampStart: 0, timestampEnd: 0, time: NaN, sensorId: 0 };
}

/** Numbers first: comparing two numbers is many times faster than comparing bytes, and a sort does it ~20 times a row. */
export function compareRows(a: RowKey, b: RowKey): number {
  if (a.time === a.time && b.time === b.time) {
    if (a.time !== b.time) return a.time - b.time;
  } else {
    const byTimestamp = a.bytes.compare(b.bytes, b.timestampStart, b.timestampEnd, a.timestampStart, a.timestampEnd);
    if (byTimestamp !== 0) return byTimestamp;
  }
  return a.sensorId - b.sensorId;
}

/** Many rows' keys as columns (no object per row, so sorting a part leaves no garbage behind); row i's timestamp is bytes[timestampStarts[i], lineStarts[i + 1] - 1). */
export interface KeyColumns {
  bytes: Buffer;
  lineStarts: Uint32Array;
  timestampStarts: Uint32Array;
  times: Float64Array;
  sensorIds: Float64Array;
}

/** compareRows for rows a and b of `keys`; the row number breaks ties, so the sort is stable whatever sort runs it. */
export function compareKeyRows(keys: KeyColumns, a: number, b: number): number {
  const timeA = keys.times[a];
  const timeB = keys.times[b];
  if (timeA === timeA && timeB === timeB) {
    if (timeA !== timeB) return timeA - timeB;
  } else {
    const byTimestamp = keys.bytes.compare(keys.bytes, keys.timestampStarts[b], keys.lineStarts[b + 1] - 1, keys.timestampStarts[a], keys.lineStarts[a + 1] - 1);
    if (byTimestamp !== 0) return byTimestamp;
  }
  return keys.sensorIds[a] - keys.sensorIds[b] || a - b;
}

const comma = 44;
const separators = readingColumnNames.length - 1;

/**
 * Reads the key of the line bytes[start, end) (`end` at its `\n`) into `key`;
 * false when the line is not plain: not the schema's four fields, or a
 * sensor_id polars would not parse back to the same integer (only plain
 * digits, at most 15, so the double is exact). sensor_id is the first field
 * and timestamp the last (the schema's order, which the header check holds).
 */
export function readKey(bytes: Buffer, start: number, end: number, key: RowKey): boolean {
  // Byte loops, not Buffer.indexOf: each indexOf is a call into C++, and a row would make five of them.
  let first = -1;
  let last = -1;
  let commas = 0;
  for (let at = start; at < end; at++) {
    if (bytes[at] !== comma) continue;
    if (first === -1) first = at;
    last = at;
    commas++;
  }
  if (commas !== separators) return false;
  const sensorId = integerAt(bytes, start, first);
  if (sensorId === undefined) return false;
  fillKey(bytes, last, end, sensorId, key);
  return true;
}

/**
 * readKey for a line readKey has already accepted (a sorted run's, read back
 * by the merge): the first comma ends sensor_id and the last starts the
 * timestamp, so the fields between are not scanned again.
 */
export function readCheckedKey(bytes: Buffer, start: number, end: number, key: RowKey): void {
  let first = start;
  while (bytes[first] !== comma) first++;
  let last = end - 1;
  while (bytes[last] !== comma) last--;
  fillKey(bytes, last, end, integerAt(bytes, start, first)!, key);
}

function fillKey(bytes: Buffer, lastComma: number, end: number, sensorId: number, key: RowKey): void {
  key.bytes = bytes;
  key.timestampStart = lastComma + 1;
  key.timestampEnd = end;
  key.time = timeKey(bytes, lastComma + 1, end);
  key.sensorId = sensorId;
}

/** The `\n` at or after `start` and before `limit`, or -1. */
export function lineEnd(bytes: Buffer, start: number, limit: number): number {
  for (let at = start; at < limit; at++) if (bytes[at] === 10) return at;
  return -1;
}

/** Copies bytes[start, end) to target at `at` and returns the count. */
export function copyLine(bytes: Buffer, start: number, end: number, target: Buffer, at: number): number {
  return bytes.copy(target, at, start, end);
}

/** `0` or `-?[1-9][0-9]{0,14}`, the canonical text of an integer polars parses back to the same value. */
function integerAt(bytes: Buffer, start: number, end: number): number | undefined {
  const negative = bytes[start] === 45;
  const digits = end - start - (negative ? 1 : 0);
  if (digits < 1 || digits > 15) return undefined;
  let value = 0;
  for (let at = negative ? start + 1 : start; at < end; at++) {
    const digit = bytes[at] - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  if (digits > 1 && bytes[end - digits] === 48) return undefined;
  if (negative && value === 0) return undefined;
  return negative ? -value : value;
}

/** The separator byte at each place of 'YYYY-MM-DD HH:mm:ss', 0 where a digit goes (an array: a Map lookup per byte cost more than the rest). */
const separatorsAt = Uint8Array.from('YYYY-MM-DD HH:mm:ss', (char) => (/[A-Za-z]/.test(char) ? 0 : char.charCodeAt(0)));

/**
 * 'YYYY-MM-DD HH:mm:ss' as the number YYYYMMDDHHmmss: among such texts (same
 * length, digits in the same places) number order is byte order, so the
 * number stands in for the bytes whenever both sides have the form.
 */
function timeKey(bytes: Buffer, start: number, end: number): number {
  if (end - start !== 19) return NaN;
  let key = 0;
  for (let at = 0; at < 19; at++) {
    const byte = bytes[start + at];
    const separator = separatorsAt[at];
    if (separator !== 0) {
      if (byte !== separator) return NaN;
    } else if (byte >= 48 && byte <= 57) key = key * 10 + (byte - 48);
    else return NaN;
  }
  return key;
}
