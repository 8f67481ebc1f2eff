import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readingColumns, SensorReading } from '../schema';

export interface FileRow {
  file: string;
  bytes: number;
  rows: number;
  modified: string;
}

/** The files in a data folder (part files, archives, quarantine) with sizes and record counts (CSV rows, other lines), oldest first. */
export function listDataFiles(dir: string, extension = '.csv'): FileRow[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension) && statSync(join(dir, name)).isFile())
    .map((name) => {
      const stat = statSync(join(dir, name));
      return { file: name, bytes: stat.size, rows: recordCount(join(dir, name)), modified: stat.mtime.toISOString().slice(0, 19) + 'Z' };
    })
    .sort((a, b) => a.modified.localeCompare(b.modified) || a.file.localeCompare(b.file));
}

function recordCount(path: string): number {
  if (!/\.(csv|jsonl?|txt)$/.test(path)) return NaN;
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
  return path.endsWith('.csv') ? Math.max(0, lines - 1) : lines;
}

/** Readings from pipeline CSV files (header from the schema), numbers typed, at most `limit` rows. */
export function readReadings(files: readonly string[], limit = Infinity): SensorReading[] {
  return readCsvRecords(files, limit).map(typedReading);
}

/** Rows of CSV files with a header line (part files, archives, the ETL's rejects), as text, at most `limit`. */
export function readCsvRecords(files: readonly string[], limit = Infinity): Array<Record<string, string>> {
  const records: Array<Record<string, string>> = [];
  for (const file of files) {
    if (records.length >= limit || !existsSync(file)) continue;
    const parsed = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    records.push(...parsed.slice(0, limit - records.length));
  }
  return records;
}

function typedReading(record: Record<string, string>): SensorReading {
  const typed = Object.fromEntries(readingColumns.map((column) => [column.name, column.kind === 'timestamp' ? record[column.name] : Number(record[column.name])]));
  return typed as unknown as SensorReading;
}

/** Records of JSON-lines files (the consumer's quarantine), at most `limit`. */
export function readJsonLines(files: readonly string[], limit = Infinity): Array<Record<string, unknown>> {
  const records: Array<Record<string, unknown>> = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (records.length >= limit) return records;
      if (line.trim()) records.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return records;
}
