import pl from 'nodejs-polars';
import { BulkRows, SqlValue } from '../db';
import { readingColumnNames } from '../schema';
import { typedName } from './rules';

/** The validated rows as sensor_data wants them: the typed values, the timestamp text, and the file (name and SHA-256) they came from. */
export function readingRows(valid: pl.DataFrame, sourceFile: string, sourceSha256: string): BulkRows {
  const columns = [...readingColumnNames, 'source_file', 'source_sha256'] as const;
  const readings = () =>
    valid.select(
      pl.col(typedName('sensor_id')).cast(pl.Int32).alias('sensor_id'),
      pl.col(typedName('temperature')).alias('temperature'),
      pl.col(typedName('humidity')).alias('humidity'),
      pl.col('timestamp'),
    );
  const table = () => readings().withColumns(pl.lit(sourceFile).alias('source_file'), pl.lit(sourceSha256).alias('source_sha256'));
  return {
    columns,
    count: valid.height,
    values(): ArrayLike<SqlValue>[] {
      // The file's name and hash are the same on every row: repeated in JavaScript, not built as polars columns.
      const frame = readings();
      return [
        frame.getColumn('sensor_id').toTypedArray() as Int32Array,
        frame.getColumn('temperature').toTypedArray() as Float64Array,
        frame.getColumn('humidity').toTypedArray() as Float64Array,
        frame.getColumn('timestamp').toArray() as string[],
        new Array<string>(valid.height).fill(sourceFile),
        new Array<string>(valid.height).fill(sourceSha256),
      ];
    },
    csv: () => table().writeCSV({ includeHeader: false }),
  };
}
