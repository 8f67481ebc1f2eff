import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { csvHeader } from '../schema';
import { compareKeyRows, copyLine, emptyKey, KeyColumns, lineEnd, readKey } from './rowOrder';

/**
 * A CSV part as `iot consume` writes it: valid UTF-8, no quote and no `\r`
 * anywhere, the schema's four fields on every line and an integer sensor_id.
 * Such a line reads into polars' text columns and is written back by its CSV
 * writer byte for byte (nothing to quote, an empty field is a null written
 * empty), so the merge may copy the line as it is instead of parsing and
 * writing it again. Anything else goes to the polars path (rangeSort.ts).
 *
 * Returns the part's lines sorted in the merge's order (stable, so ties keep
 * the part's order), without the header; undefined when the part is not
 * plain. `rows` is the part's row count from the manifest (verified).
 */
export function sortedPlainRun(path: string, rows: number): Buffer | undefined {
  const bytes = readFileSync(path);
  const header = Buffer.from(`${csvHeader}\n`);
  if (bytes.includes(34) || bytes.includes(13) || !isUtf8(bytes)) return undefined;
  if (!bytes.subarray(0, header.length).equals(header) || bytes[bytes.length - 1] !== 10) return undefined;
  const keys = plainKeys(bytes, header.length, rows);
  if (keys === undefined) return undefined;
  return copyInOrder(keys, packedOrder(keys, rows) ?? comparedOrder(keys, rows));
}

/**
 * The merge's order through one native sort of numbers, no comparator: each
 * row's (time, sensor_id, row number) packed into one exact integer below
 * 2^53, so number order is the order compareKeyRows gives. V8 runs a
 * comparator sort in JavaScript, ~17 calls a row, and that was a quarter of
 * the merge. Undefined where the keys do not pack exactly (a timestamp not
 * in the schema's form, or spans too wide): compare rows then.
 */
function packedOrder(keys: KeyColumns, rows: number): Uint32Array | undefined {
  const { times, sensorIds } = keys;
  let [minTime, maxTime, minSensor, maxSensor] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let row = 0; row < rows; row++) {
    const time = times[row];
    if (time !== time) return undefined;
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
    if (sensorIds[row] < minSensor) minSensor = sensorIds[row];
    if (sensorIds[row] > maxSensor) maxSensor = sensorIds[row];
  }
  const sensorSpan = maxSensor - minSensor + 1;
  if ((maxTime - minTime + 1) * sensorSpan * rows > Number.MAX_SAFE_INTEGER) return undefined;
  const packed = new Float64Array(rows);
  for (let row = 0; row < rows; row++) packed[row] = ((times[row] - minTime) * sensorSpan + (sensorIds[row] - minSensor)) * rows + row;
  packed.sort();
  const order = new Uint32Array(rows);
  for (let at = 0; at < rows; at++) order[at] = packed[at] % rows;
  return order;
}

function comparedOrder(keys: KeyColumns, rows: number): Uint32Array {
  const order = new Uint32Array(rows);
  for (let row = 0; row < rows; row++) order[row] = row;
  return order.sort((a, b) => compareKeyRows(keys, a, b));
}

function plainKeys(bytes: Buffer, from: number, rows: number): KeyColumns | undefined {
  const keys: KeyColumns = { bytes, lineStarts: new Uint32Array(rows + 1), timestampStarts: new Uint32Array(rows), times: new Float64Array(rows), sensorIds: new Float64Array(rows) };
  const key = emptyKey();
  let row = 0;
  for (let start = from; start < bytes.length; row++) {
    const end = lineEnd(bytes, start, bytes.length);
    if (row === rows || !readKey(bytes, start, end, key)) return undefined;
    keys.lineStarts[row] = start;
    keys.timestampStarts[row] = key.timestampStart;
    keys.times[row] = key.time;
    keys.sensorIds[row] = key.sensorId;
    start = end + 1;
  }
  keys.lineStarts[rows] = bytes.length;
  return row === rows ? keys : undefined;
}

function copyInOrder(keys: KeyColumns, order: Uint32Array): Buffer {
  const run = Buffer.allocUnsafe(keys.bytes.length - keys.lineStarts[0]);
  let at = 0;
  for (const row of order) at += copyLine(keys.bytes, keys.lineStarts[row], keys.lineStarts[row + 1], run, at);
  return run;
}
