import { statSync } from 'node:fs';
import pl from 'nodejs-polars';
import { fsyncPath } from '../files/fsyncPath';
import { ManifestPart } from './manifest';
import { readPartOrExplain, textSchema } from './mergeFrames';

/**
 * Writes the committed parts as one CSV at `path`: one header, `\n` line
 * ends, sorted by timestamp (the schema's text form sorts chronologically)
 * then sensor_id as a number, ties in part order. One lazy query, scanned
 * and sunk by polars' streaming engine, so no JavaScript-held frame keeps
 * the parts alive. Returns the bytes written.
 */
export function writeMergedCsv(parts: ManifestPart[], path: string, dataDir: string): number {
  const scans = parts.map((part) => scanPart(part, dataDir));
  const all = scans.length === 1 ? scans[0] : pl.concat(scans, { how: 'vertical', rechunk: false });
  const sorted = all.sort({ by: [pl.col('timestamp'), pl.col('sensor_id').cast(pl.Int64, false), pl.col('sensor_id')], maintainOrder: true });
  const sink = sorted.sinkCSV(path, { includeHeader: true, lineTerminator: '\n', sinkOptions: { syncOnClose: 'all', maintainOrder: true, mkdir: false } } as unknown as Parameters<typeof sorted.sinkCSV>[1]);
  // nodejs-polars 0.24 returns the native query from sinkCSV, whose collectSync takes the engine by name.
  (sink as unknown as { collectSync(engine: string): unknown }).collectSync('auto');
  fsyncPath(path);
  return statSync(path).size;
}

/** Every column as text; a Parquet part is turned into the same text its CSV twin would hold. */
function scanPart(part: ManifestPart, dataDir: string): pl.LazyDataFrame {
  if (part.kind === 'csv') return pl.scanCSV(part.path, { hasHeader: true, schema: textSchema, quoteChar: '"' });
  return readPartOrExplain({ path: part.path, kind: 'parquet', bytes: part.bytes }, dataDir).lazy();
}
