import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { csvText } from '../../schema';
import { TableColumn } from '../../schema/tables';
import { OutputRow } from '../state';
import { ChunkedTextFile } from './chunkedFile';
import { WrittenFile } from './partWriter';

/**
 * A stateful operator's rows (windows, alert events) as a part file of
 * their own, in the columns lib/schema/streamOutputs.ts declares: CSV with
 * the header, or Parquet typed from the column kinds. Written atomically
 * like the readings' part files; no rows, no file.
 */
export async function writeRowPart(path: string, columns: readonly TableColumn[], rows: OutputRow[], format: 'csv' | 'parquet'): Promise<WrittenFile | undefined> {
  if (rows.length === 0) return undefined;
  mkdirSync(dirname(path), { recursive: true });
  if (format === 'csv') return writeCsv(path, columns, rows);
  // Loaded on first use, as for the readings' Parquet parts: a CSV run never pays for polars.
  const { writeRowParquet } = require('./rowParquet') as typeof import('./rowParquet');
  return writeRowParquet(path, columns, rows);
}

function writeCsv(path: string, columns: readonly TableColumn[], rows: OutputRow[]): WrittenFile | undefined {
  const file = new ChunkedTextFile(path, columns.map((column) => column.name).join(','));
  try {
    for (const row of rows) file.addLine(columns.map((column) => csvCell(row[column.name])).join(','));
    return file.finish();
  } catch (error) {
    file.abort();
    throw error;
  }
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : csvText(value);
}
