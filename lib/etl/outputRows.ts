import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { quoteValue } from '../errors';
import { alertEvents, alertRules, isValidTimestamp, OutputKind, TableColumn } from '../schema';
import { SqlValue } from '../db';

/** A row of a window or alert archive: its line in the file, its cells as read, the values as loaded. */
export interface OutputRow {
  line: number;
  cells: Record<string, string>;
  values: SqlValue[];
}

export interface OutputRejected {
  line: number;
  cells: Record<string, string>;
  reasons: string[];
}

export interface OutputValidation {
  valid: OutputRow[];
  rejected: OutputRejected[];
}

/**
 * Reads an archive of window rows or alert events (a few rows per sensor and
 * minute: one parse in memory) and checks every cell against its column in
 * lib/schema, then the rules that tie a row's cells together.
 */
export function validateOutputArchive(path: string, kind: OutputKind): OutputValidation {
  const records = parse(readFileSync(path), { from_line: 2, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const columns = kind.columns.map((name) => kind.table.columns.find((column) => column.name === name)!);
  const result: OutputValidation = { valid: [], rejected: [] };
  records.forEach((record, index) => {
    const line = index + 2;
    const cells = Object.fromEntries(kind.columns.map((name, column) => [name, record[column] ?? '']));
    const reasons = record.length === columns.length ? [] : [`expected ${columns.length} fields, found ${record.length}`];
    const values = columns.map((column) => cellValue(column, cells[column.name], reasons));
    if (reasons.length === 0) reasons.push(...rowRules[kind.name](cells));
    if (reasons.length === 0) result.valid.push({ line, cells, values });
    else result.rejected.push({ line, cells, reasons });
  });
  return result;
}

/** A cell as the table stores it, or a reason pushed onto `reasons`. */
function cellValue(column: TableColumn, text: string, reasons: string[]): SqlValue {
  const broken = (what: string) => { reasons.push(`${column.name} ${what}: ${quoteValue(text)}`); return null; };
  if (text === '') return column.nullable ? null : broken('is empty');
  switch (column.kind) {
    case 'integer':
      return /^\d+$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text)) ? Number(text) : broken('is not a positive integer');
    case 'decimal':
      return Number.isFinite(Number(text)) && /\d/.test(text) ? Number(text) : broken('is not a number');
    case 'timestamp':
      return isValidTimestamp(text) ? text : broken('is not a timestamp of the form YYYY-MM-DD HH:mm:ss');
    default:
      return text.length <= (column.length ?? 255) ? text : broken(`is longer than ${column.length ?? 255} characters`);
  }
}

const numbers = (cells: Record<string, string>, ...names: string[]) => names.map((name) => Number(cells[name]));

/** Rules across a row's cells; timestamps in the schema's form compare as text. */
const rowRules: Record<OutputKind['name'], (cells: Record<string, string>) => string[]> = {
  readings: () => [],
  windows(cells) {
    const reasons: string[] = [];
    if (cells.window_end <= cells.window_start) reasons.push('window_end is not after window_start');
    if (cells.first_event < cells.window_start || cells.last_event >= cells.window_end || cells.first_event > cells.last_event) reasons.push('first_event / last_event outside the window or out of order');
    for (const measure of ['temperature', 'humidity']) {
      const [min, max, avg] = numbers(cells, `${measure}_min`, `${measure}_max`, `${measure}_avg`);
      if (min > max || avg < min - 1e-9 || avg > max + 1e-9) reasons.push(`${measure}_min <= ${measure}_avg <= ${measure}_max does not hold`);
    }
    return reasons;
  },
  alerts(cells) {
    const reasons: string[] = [];
    if (!(alertEvents as readonly string[]).includes(cells.event)) reasons.push(`event is ${quoteValue(cells.event)}, not ${alertEvents.join(' or ')}`);
    if (!(alertRules as readonly string[]).includes(cells.rule)) reasons.push(`rule is ${quoteValue(cells.rule)}, not one of ${alertRules.join(', ')}`);
    if (cells.event === 'raised' && cells.cleared_at !== '') reasons.push('a raise has a cleared_at');
    if (cells.event === 'cleared' && (cells.cleared_at === '' || cells.cleared_at < cells.raised_at)) reasons.push('a clear needs a cleared_at at or after raised_at');
    return reasons;
  },
};

/** Rejected rows summed up for ETL_Log and the console: the count, then the first few rows with their reasons. */
export function formatOutputReport(rejected: OutputRejected[], total: number): string {
  const examples = rejected.slice(0, 5).map((row) => `line ${row.line}: ${row.reasons.join('; ')}`);
  return [`${rejected.length} of ${total} rows break a rule:`, ...examples, ...(rejected.length > 5 ? ['…'] : [])].join('\n');
}
