import { readFileSync, rmSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import pl from 'nodejs-polars';
import { csvText } from '../../schema';
import { alertEventColumns } from '../../schema/streamOutputs';
import { publishFile, tempNameFor, writeFileAtomic } from '../checkpoint';
import { AlertEventRow } from './alertEvent';

const header = alertEventColumns.map((column) => column.name).join(',');
const polarsType = { integer: pl.Int64, decimal: pl.Float64, text: pl.Utf8, timestamp: pl.Utf8 } as const;

/**
 * One batch's alert events as a part file of output/alerts/, in the batch's
 * format, written atomically. A batch raises a handful of events at most, so
 * the file is built in memory.
 */
export function writeAlertFile(path: string, rows: readonly AlertEventRow[], format: 'csv' | 'parquet'): { path: string; rows: number; bytes: number } {
  if (format === 'parquet') return writeParquet(path, rows);
  const lines = rows.map((row) => alertEventColumns.map((column) => csvCell(row[column.name as keyof AlertEventRow])).join(','));
  writeFileAtomic(path, `${header}\n${lines.join('\n')}\n`);
  return { path, rows: rows.length, bytes: statSync(path).size };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : csvText(value);
}

function writeParquet(path: string, rows: readonly AlertEventRow[]): { path: string; rows: number; bytes: number } {
  const series = alertEventColumns.map((column) => {
    const type = polarsType[column.kind as keyof typeof polarsType];
    return pl.Series(column.name, rows.map((row) => row[column.name as keyof AlertEventRow]), type);
  });
  const temp = tempNameFor(path);
  try {
    pl.DataFrame(series).writeParquet(temp, { compression: 'snappy' });
    publishFile(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return { path, rows: rows.length, bytes: statSync(path).size };
}

/** The events of one alert part file (CSV or Parquet), as written. */
export function readAlertFile(path: string): AlertEventRow[] {
  const records: Record<string, unknown>[] = path.endsWith('.parquet')
    ? (pl.readParquet(path).toRecords() as Record<string, unknown>[])
    : parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
  return records.map((record) => ({
    alert_id: String(record.alert_id),
    event: record.event as AlertEventRow['event'],
    sensor_id: Number(record.sensor_id),
    rule: record.rule as AlertEventRow['rule'],
    raised_at: String(record.raised_at),
    cleared_at: record.cleared_at === '' || record.cleared_at === null ? null : String(record.cleared_at),
    value: record.value === '' || record.value === null ? null : Number(record.value),
    detail: String(record.detail),
  }));
}
