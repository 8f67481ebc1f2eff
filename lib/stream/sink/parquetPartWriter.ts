import { rmSync, statSync } from 'node:fs';
import pl from 'nodejs-polars';
import { ColumnKind, readingColumns, SensorReading } from '../../schema';
import { publishFile, tempNameFor } from '../checkpoint';
import { PartWriter, WrittenFile } from './partWriter';

const polarsType = { integer: pl.Int64, decimal: pl.Float64, timestamp: pl.Utf8 } satisfies Record<ColumnKind, unknown>;

/**
 * Parquet part file through nodejs-polars (already the ETL's dataframe
 * library, so no second Parquet stack): the batch's columns, typed from the
 * schema, are gathered, written by polars to a temp name, flushed and renamed.
 * The timestamp stays text, as in the CSV: judging it is the ETL's job.
 * A batch is held in memory as columns; cap large backlogs with --max-per-batch.
 */
export class ParquetPartWriter implements PartWriter {
  private readonly columns = readingColumns.map(() => [] as unknown[]);
  private rows = 0;

  constructor(readonly path: string) {}

  add(reading: SensorReading): void {
    for (let index = 0; index < readingColumns.length; index++) this.columns[index].push(reading[readingColumns[index].name]);
    this.rows++;
  }

  async finish(): Promise<WrittenFile | undefined> {
    if (this.rows === 0) return undefined;
    const frame = pl.DataFrame(readingColumns.map((column, index) => pl.Series(column.name, this.columns[index], polarsType[column.kind])));
    const temp = tempNameFor(this.path);
    try {
      frame.writeParquet(temp, { compression: 'snappy' });
      publishFile(temp, this.path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    return { path: this.path, rows: this.rows, bytes: statSync(this.path).size };
  }

  abort(): void {
    for (const column of this.columns) column.length = 0;
    this.rows = 0;
  }
}
