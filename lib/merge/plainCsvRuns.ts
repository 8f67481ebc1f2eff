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
  const order = new Uint32Array(rows).map((_, index) => index);
  order.sort((a, b) => compareKeyRows(keys, a, b));
  return copyInOrder(keys, order);
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
