import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import pl from 'nodejs-polars';
import { fsyncPath } from '../files/fsyncPath';
import { ManifestPart } from './manifest';
import { readPartOrExplain, textSchema } from './mergeFrames';

/** Rows per time range sorted at once: bounds the merge's memory, whatever the number of rows. */
const rowsPerRange = 125_000;

/**
 * The polars path of writeMerged.ts, for parts the plain path does not take
 * (Parquet, quoted fields, …): writes them as one CSV at `path`, one header,
 * `\n` line ends, sorted by timestamp then sensor_id as a number, ties in
 * part order. Every column is read as text. Memory stays bounded: the
 * timestamps are cut into ranges of about `rowsPerRange` rows (from a
 * sample), and each range is one lazy polars query (scan, filter, sort,
 * sink) appended to the file in order. Rows with no timestamp sort first,
 * as polars sorts nulls. Returns the bytes written.
 */
export function writeRangeSortedCsv(parts: ManifestPart[], path: string, dataDir: string, rows: number): number {
  const scan = () => {
    const scans = parts.map((part) => scanPart(part, dataDir));
    return scans.length === 1 ? scans[0] : pl.concat(scans, { how: 'vertical', rechunk: false });
  };
  const bounds = rangeBounds(scan(), Math.ceil(rows / rowsPerRange));
  const out = openSync(path, 'w');
  try {
    for (let range = 0; range <= bounds.length; range++) {
      const temp = `${path}.range-${range}.csv`;
      try {
        sinkSorted(inRange(scan(), bounds[range - 1], bounds[range]), temp, range === 0);
        appendFile(out, temp);
      } finally {
        rmSync(temp, { force: true });
      }
    }
  } finally {
    closeSync(out);
  }
  fsyncPath(path);
  return statSync(path).size;
}

/** Timestamps that cut the rows into `ranges` ranges of about equal size, from every 1000th timestamp. */
function rangeBounds(all: pl.LazyDataFrame, ranges: number): string[] {
  if (ranges <= 1) return [];
  const sample = all.select(pl.col('timestamp').gatherEvery(1000)).dropNulls().sort('timestamp').collectSync().getColumn('timestamp').toArray() as string[];
  const bounds = Array.from({ length: ranges - 1 }, (_, index) => sample[Math.floor(((index + 1) * sample.length) / ranges)]);
  return [...new Set(bounds.filter((bound) => bound !== undefined))];
}

/** Rows with from <= timestamp < to; the first range also takes rows without a timestamp, the last has no upper end. */
function inRange(all: pl.LazyDataFrame, from: string | undefined, to: string | undefined): pl.LazyDataFrame {
  const timestamp = pl.col('timestamp');
  if (from === undefined && to === undefined) return all;
  if (from === undefined) return all.filter(timestamp.lt(pl.lit(to!)).or(timestamp.isNull()));
  if (to === undefined) return all.filter(timestamp.gtEq(pl.lit(from)));
  return all.filter(timestamp.gtEq(pl.lit(from)).and(timestamp.lt(pl.lit(to))));
}

function sinkSorted(rows: pl.LazyDataFrame, path: string, header: boolean): void {
  const sorted = rows.sort({ by: [pl.col('timestamp'), pl.col('sensor_id').cast(pl.Int64, false), pl.col('sensor_id')], maintainOrder: true });
  const options = { includeHeader: header, lineTerminator: '\n', sinkOptions: { syncOnClose: 'none', maintainOrder: true, mkdir: false } };
  const sink = sorted.sinkCSV(path, options as unknown as Parameters<typeof sorted.sinkCSV>[1]);
  // nodejs-polars 0.24 returns the native query from sinkCSV, whose collectSync takes the engine by name.
  (sink as unknown as { collectSync(engine: string): unknown }).collectSync('auto');
}

function appendFile(out: number, path: string): void {
  const data = readFileSync(path);
  for (let offset = 0; offset < data.length; ) offset += writeSync(out, data, offset, data.length - offset);
}

/** Every column as text; a Parquet part is turned into the same text its CSV twin would hold. */
function scanPart(part: ManifestPart, dataDir: string): pl.LazyDataFrame {
  if (part.kind === 'csv') return pl.scanCSV(part.path, { hasHeader: true, schema: textSchema, quoteChar: '"', lowMemory: true });
  return readPartOrExplain({ path: part.path, kind: 'parquet', bytes: part.bytes }, dataDir).lazy();
}
