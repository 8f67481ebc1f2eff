import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { readingColumns, SensorReading, timestampFormat } from './reading';

dayjs.extend(customParseFormat);

/**
 * A rule of the ETL; names are stable, reports and rejects files use them.
 * too_many_fields is the CSV's (a row with a fifth field), the others judge
 * values, each column on its own: a row gets every reason it has. A blank
 * value (spaces only) is missing; text or NaN where a number belongs is
 * *_not_a_number, not out of range; a sensor id is a positive integer in
 * canonical form (119, never +119, 0119 or 119.0).
 */
export const ruleNames = [
  'too_many_fields', 'missing_value', 'sensor_id_not_positive_integer',
  'temperature_not_a_number', 'temperature_out_of_range', 'humidity_not_a_number', 'humidity_out_of_range', 'timestamp_invalid',
] as const;
export type RuleName = (typeof ruleNames)[number];

export interface RuleViolation {
  rule: RuleName;
  column: keyof SensorReading;
  value: unknown;
}

const strictTimestamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Strictly `YYYY-MM-DD HH:mm:ss` and a real calendar date (no 2025-02-30). */
export function isValidTimestamp(value: string): boolean {
  return strictTimestamp.test(value) && dayjs(value, timestampFormat, true).isValid();
}

/** The ranges the ETL enforces, read from the schema. */
export const ranges = Object.fromEntries(
  readingColumns.filter((column) => column.range).map((column) => [column.name, column.range!]),
) as Record<'sensor_id' | 'temperature' | 'humidity', { min: number; max: number }>;

/**
 * Row-at-a-time form of the ETL's rules, for a single reading (producer self
 * checks, notebooks). The ETL evaluates the same rules as polars expressions.
 */
export function checkRules(reading: Partial<Record<keyof SensorReading, unknown>>): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const present = (name: keyof SensorReading) => !isMissing(reading[name]);
  for (const column of readingColumns) {
    if (!present(column.name)) violations.push({ rule: 'missing_value', column: column.name, value: reading[column.name] });
  }
  const { sensor_id, timestamp } = reading;
  if (present('sensor_id') && !(Number.isSafeInteger(sensor_id) && inRange(sensor_id as number, ranges.sensor_id))) {
    violations.push({ rule: 'sensor_id_not_positive_integer', column: 'sensor_id', value: sensor_id });
  }
  for (const column of ['temperature', 'humidity'] as const) {
    const value = reading[column];
    if (!present(column)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) violations.push({ rule: `${column}_not_a_number`, column, value });
    else if (!inRange(value, ranges[column])) violations.push({ rule: `${column}_out_of_range`, column, value });
  }
  if (present('timestamp') && (typeof timestamp !== 'string' || !isValidTimestamp(timestamp))) {
    violations.push({ rule: 'timestamp_invalid', column: 'timestamp', value: timestamp });
  }
  return violations;
}

/** Absent, null, empty or spaces only. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function inRange(value: number, range: { min: number; max: number }): boolean {
  return value >= range.min && value <= range.max;
}

/** Formats a Date in the schema's timestamp form, in local time as the original pipeline did. */
export function formatTimestamp(date: Date): string {
  return dayjs(date).format(timestampFormat);
}
