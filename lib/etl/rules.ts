import pl from 'nodejs-polars';
import { isValidTimestamp, ranges, readingColumnNames, RuleName, SensorReading } from '../schema';
import { extraFieldsColumn } from './csvChunks';

/** One of lib/schema's value rules as a polars expression that is true where a row breaks it. */
export interface RuleExpression {
  rule: RuleName;
  /** The column quoted in the report. */
  column: keyof SensorReading;
  broken: pl.Expr;
}

/** The typed column validation adds beside each text column, e.g. temperature → temperature_value. */
export const typedName = (column: 'sensor_id' | 'temperature' | 'humidity') => `${column}_value`;

/**
 * Builds an expression once and hands out the same one after: nodejs-polars
 * takes ~0.3 ms to build each call chain, a file's chunks need the same
 * ones, and an expression is a description that any frame can evaluate.
 */
function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** Text → number casts; anything that is not a number becomes null and so breaks its rule. */
export const typedColumns = once((): pl.Expr[] => [
  pl.col('sensor_id').cast(pl.Int64, false).alias(typedName('sensor_id')),
  pl.col('temperature').cast(pl.Float64, false).alias(typedName('temperature')),
  pl.col('humidity').cast(pl.Float64, false).alias(typedName('humidity')),
]);

/** Absent, empty or spaces only: lib/schema's isMissing. */
const missing = (name: string) => pl.col(name).isNull().or(pl.col(name).str.contains(/^\s*$/));

/** Text, NaN or ±inf where a number belongs. */
function notANumber(column: 'temperature' | 'humidity'): pl.Expr {
  return pl.col(typedName(column)).isFinite().fillNull(false).not();
}

/** A finite number outside the schema's inclusive range. */
function outside(column: 'temperature' | 'humidity'): pl.Expr {
  const { min, max } = ranges[column];
  const value = pl.col(typedName(column));
  return value.isFinite().and(value.gtEq(min).and(value.ltEq(max)).not()).fillNull(false);
}

/** The canonical form of a positive integer: no sign, no leading zero, no fraction, no spaces. */
const canonicalPositiveInteger = /^[1-9][0-9]*$/;

/** Not a positive integer in canonical form, or beyond the schema's range. */
function sensorIdOutside(): pl.Expr {
  const { max } = ranges.sensor_id;
  const canonical = pl.col('sensor_id').str.contains(canonicalPositiveInteger);
  return canonical.and(pl.col(typedName('sensor_id')).ltEq(max)).fillNull(false).not();
}

/** Strict `YYYY-MM-DD HH:mm:ss` with minutes and seconds 00-59; the hour and the date are dayjs's to judge. */
const timestampShape = /^\d{4}-\d{2}-\d{2} \d{2}:[0-5]\d:[0-5]\d$/;

/**
 * Timestamps whose date and hour are real, by lib/schema's isValidTimestamp
 * (dayjs strict) on each distinct "YYYY-MM-DD HH": a file holds a handful of
 * those, against a million rows, and dayjs costs ~50 µs a call. Minutes and
 * seconds need no calendar: the shape pattern bounds them.
 */
function validHours(frame: pl.DataFrame): string[] {
  const hours = frame.select(pl.col('timestamp').str.slice(0, 13).alias('hour')).getColumn('hour').dropNulls().unique();
  return (hours.toArray() as string[]).filter((hour) => isValidTimestamp(`${hour}:00:00`));
}

/**
 * The ETL's rules, in the same terms as lib/schema's checkRules: each value
 * rule judges its own column where that column is present, so a row is
 * rejected with every reason it has. Expects the typed columns of
 * typedColumns() beside the text ones.
 */
export function ruleExpressions(frame: pl.DataFrame): RuleExpression[] {
  const fixed = fixedRules();
  const timestamp = pl.col('timestamp');
  // The one rule that depends on the chunk: which of its hours are real.
  const realHour = timestamp.str.slice(0, 13).isIn(pl.Series('hours', validHours(frame), pl.Utf8).implode());
  // Frames read by csvChunks carry the fields beyond the fourth; others (a DataFrame of readings) have none.
  const ragged = frame.columns.includes(extraFieldsColumn) ? fixed.ragged : pl.lit(false);
  return [
    { rule: 'too_many_fields', column: 'timestamp', broken: ragged },
    { rule: 'missing_value', column: 'sensor_id', broken: fixed.anyMissing },
    { rule: 'sensor_id_not_positive_integer', column: 'sensor_id', broken: fixed.sensorIdOutside },
    { rule: 'temperature_not_a_number', column: 'temperature', broken: fixed.temperatureNotANumber },
    { rule: 'temperature_out_of_range', column: 'temperature', broken: fixed.temperatureOutside },
    { rule: 'humidity_not_a_number', column: 'humidity', broken: fixed.humidityNotANumber },
    { rule: 'humidity_out_of_range', column: 'humidity', broken: fixed.humidityOutside },
    { rule: 'timestamp_invalid', column: 'timestamp', broken: fixed.timestampPresent.and(fixed.timestampShape.and(realHour).fillNull(false).not()) },
  ];
}

/** The rules' parts that are the same for every frame. */
const fixedRules = once(() => {
  const anyMissing = readingColumnNames.map(missing).reduce((all, next) => all.or(next));
  const present = (name: string) => missing(name).not();
  return {
    anyMissing,
    ragged: pl.col(extraFieldsColumn).isNull().or(pl.col(extraFieldsColumn).eq(pl.lit(''))).not(),
    sensorIdOutside: present('sensor_id').and(sensorIdOutside()),
    temperatureNotANumber: present('temperature').and(notANumber('temperature')),
    temperatureOutside: present('temperature').and(outside('temperature')),
    humidityNotANumber: present('humidity').and(notANumber('humidity')),
    humidityOutside: present('humidity').and(outside('humidity')),
    timestampPresent: present('timestamp'),
    timestampShape: pl.col('timestamp').str.contains(timestampShape),
  };
});
