import { closeSync, fsyncSync, openSync, statSync } from 'node:fs';
import pl from 'nodejs-polars';
import { textSchema } from './mergeFrames';

/** Forces a file's (or a folder's entries') bytes to disk before we rely on them. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes the merged frame as CSV (one header, `\n` line ends, no blank lines) and flushes it to disk. */
export function writeCsvDurably(frame: pl.DataFrame, path: string): number {
  frame.writeCSV(path, { includeHeader: true, lineTerminator: '\n' });
  fsyncPath(path);
  return statSync(path).size;
}

export function writeParquetDurably(frame: pl.DataFrame, path: string): void {
  typedForParquet(frame).writeParquet(path, { compression: 'zstd' });
  fsyncPath(path);
}

/** Parquet keeps types: ids as integers and measurements as Float64 (parsed from the exact text). */
function typedForParquet(frame: pl.DataFrame): pl.DataFrame {
  return frame.withColumns(
    pl.col('sensor_id').cast(pl.Int64, true),
    pl.col('temperature').cast(pl.Float64, true),
    pl.col('humidity').cast(pl.Float64, true),
  );
}

/**
 * Rows in a written CSV, counted by parsing it again the way the ETL will
 * (quotes, line ends); a lazy scan counts without holding a second copy.
 */
export function countCsvRows(path: string): number {
  const counted = pl.scanCSV(path, { hasHeader: true, schema: textSchema }).select(pl.len().alias('rows')).collectSync();
  return Number(counted.getColumn('rows').get(0));
}
