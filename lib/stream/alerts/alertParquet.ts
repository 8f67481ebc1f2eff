import pl from 'nodejs-polars';

/** The rows of a Parquet alert part file; in a module of its own so only a Parquet run loads polars. */
export function parquetRecords(path: string): Record<string, unknown>[] {
  return pl.readParquet(path).toRecords() as Record<string, unknown>[];
}
