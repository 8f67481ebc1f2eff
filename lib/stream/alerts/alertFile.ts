import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AlertEventRow } from './alertEvent';

/**
 * The events of one alert part file (written by the sink, CSV or Parquet),
 * as the operator emitted them: for the webhook's catch-up, the dashboard
 * and specs. Empty cells are nulls.
 */
export function readAlertFile(path: string): AlertEventRow[] {
  const records: Record<string, unknown>[] = path.endsWith('.parquet')
    ? (require('./alertParquet') as typeof import('./alertParquet')).parquetRecords(path)
    : parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
  return records.map((record) => ({
    alert_id: String(record.alert_id),
    event: record.event as AlertEventRow['event'],
    sensor_id: Number(record.sensor_id),
    rule: record.rule as AlertEventRow['rule'],
    raised_at: String(record.raised_at),
    cleared_at: emptyToNull(record.cleared_at),
    value: record.value === '' || record.value === null || record.value === undefined ? null : Number(record.value),
    detail: String(record.detail),
  }));
}

function emptyToNull(value: unknown): string | null {
  return value === '' || value === null || value === undefined ? null : String(value);
}
