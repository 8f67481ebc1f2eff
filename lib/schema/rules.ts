import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { readingColumns, SensorReading, timestampFormat } from './reading';

dayjs.extend(customParseFormat);

/** A rule of the ETL; names are stable, reports and rejects files use them. too_many_fields is the CSV's (a row with a fifth field), the others judge values. */
export const ruleNames = ['too_many_fields', 'missing_value', 'sensor_id_not_positive_integer', 'temperature_out_of_range', 'humidity_out_of_range', 'timestamp_invalid'] as const;
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
  for (const column of readingColumns) {
    const value = reading[column.name];
    if (value === null || value === undefined || value === '') {
      violations.push({ rule: 'missing_value', column: column.name, value });
    }
  }
  if (violations.length > 0) return violations;
  const { sensor_id, temperature, humidity, timestamp } = reading;
  if (!Number.isSafeInteger(sensor_id) || !inRange(sensor_id, ranges.sensor_id)) {
    violations.push({ rule: 'sensor_id_not_positive_integer', column: 'sensor_id', value: sensor_id });
  }
  if (!inRange(temperature, ranges.temperature)) violations.push({ rule: 'temperature_out_of_range', column: 'temperature', value: temperature });
  if (!inRange(humidity, ranges.humidity)) violations.push({ rule: 'humidity_out_of_range', column: 'humidity', value: humidity });
  if (typeof timestamp !== 'string' || !isValidTimestamp(timestamp)) {
    violations.push({ rule: 'timestamp_invalid', column: 'timestamp', value: timestamp });
  }
  return violations;
}

function inRange(value: unknown, range: { min: number; max: number }): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max;
}

/** Formats a Date in the schema's timestamp form, in local time as the original pipeline did. */
export function formatTimestamp(date: Date): string {
  return dayjs(date).format(timestampFormat);
}
