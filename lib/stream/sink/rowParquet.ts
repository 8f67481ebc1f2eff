import { rmSync, statSync } from 'node:fs';
import pl from 'nodejs-polars';
import { TableColumn } from '../../schema/tables';
import { publishFile, tempNameFor } from '../checkpoint';
import { OutputRow } from '../state';
import { WrittenFile } from './partWriter';

const typeOf = (kind: TableColumn['kind']) => (kind === 'integer' || kind === 'bigint' ? pl.Int64 : kind === 'decimal' ? pl.Float64 : pl.Utf8);

/** An operator's rows as Parquet, typed from the declared columns (timestamps stay text, as in the readings' parts). */
export function writeRowParquet(path: string, columns: readonly TableColumn[], rows: OutputRow[]): WrittenFile {
  const frame = pl.DataFrame(columns.map((column) => pl.Series(column.name, rows.map((row) => row[column.name] ?? null), typeOf(column.kind))));
  const temp = tempNameFor(path);
  try {
    frame.writeParquet(temp, { compression: 'snappy' });
    publishFile(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return { path, rows: rows.length, bytes: statSync(path).size };
}
