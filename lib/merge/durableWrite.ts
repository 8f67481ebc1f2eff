import pl, { DataType } from 'nodejs-polars';
import { fsyncPath } from '../files/fsyncPath';
import { csvLines } from './csvLines';
import { textSchema } from './mergeFrames';

export { fsyncPath };


/** The Parquet copy of the merged CSV, typed, flushed to disk. */
export function writeParquetCopy(csvPath: string, path: string): void {
  const frame = pl.readCSV(csvPath, { hasHeader: true, schema: textSchema, quoteChar: '"' });
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
 * A file with no quote and no `\r` (what the plain merge path writes) has
 * one row per line after the header, so counting line ends is that parse,
 * without polars' memory.
 */
export function countCsvRows(path: string, schema: Record<string, DataType> = textSchema): number {
  const plain = csvLines(path);
  if (!plain.quotesOrReturns && plain.last === 10) return plain.lines - 1;
  const counted = pl.scanCSV(path, { hasHeader: true, schema }).select(pl.len().alias('rows')).collectSync();
  return Number(counted.getColumn('rows').get(0));
}
