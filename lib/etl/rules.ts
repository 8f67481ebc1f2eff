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

const missing = (name: string) => pl.col(name).isNull().or(pl.col(name).eq(pl.lit('')));

/** Outside the schema's inclusive range, not a number, or NaN. */
function outside(column: 'sensor_id' | 'temperature' | 'humidity'): pl.Expr {
  const { min, max } = ranges[column];
  const value = pl.col(typedName(column));
  return value.gtEq(min).and(value.ltEq(max)).fillNull(false).not();
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
 * The ETL's rules, in the same terms as lib/schema's checkRules: a row with a
 * missing value breaks only missing_value; the value rules judge complete rows.
 * Expects the typed columns of typedColumns() beside the text ones.
 */
export function ruleExpressions(frame: pl.DataFrame): RuleExpression[] {
  const { complete, ...fixed } = fixedRules();
  const timestamp = pl.col('timestamp');
  // The one rule that depends on the chunk: which of its hours are real.
  const realHour = timestamp.str.slice(0, 13).isIn(pl.Series('hours', validHours(frame), pl.Utf8).implode());
  // Frames read by csvChunks carry the fields beyond the fourth; others (a DataFrame of readings) have none.
  const ragged = frame.columns.includes(extraFieldsColumn) ? fixed.ragged : pl.lit(false);
  return [
    { rule: 'too_many_fields', column: 'timestamp', broken: ragged },
    { rule: 'missing_value', column: 'sensor_id', broken: fixed.anyMissing },
    { rule: 'sensor_id_not_positive_integer', column: 'sensor_id', broken: fixed.sensorIdOutside },
    { rule: 'temperature_out_of_range', column: 'temperature', broken: fixed.temperatureOutside },
    { rule: 'humidity_out_of_range', column: 'humidity', broken: fixed.humidityOutside },
    { rule: 'timestamp_invalid', column: 'timestamp', broken: complete.and(fixed.timestampShape.and(realHour).fillNull(false).not()) },
  ];
}

/** The rules' parts that are the same for every frame. */
const fixedRules = once(() => {
  const anyMissing = readingColumnNames.map(missing).reduce((all, next) => all.or(next));
  const complete = anyMissing.not();
  return {
    anyMissing,
    complete,
    ragged: missing(extraFieldsColumn).not(),
    sensorIdOutside: complete.and(outside('sensor_id')),
    temperatureOutside: complete.and(outside('temperature')),
    humidityOutside: complete.and(outside('humidity')),
    timestampShape: pl.col('timestamp').str.contains(timestampShape),
  };
});
