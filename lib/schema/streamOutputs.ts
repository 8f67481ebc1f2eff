import { TableColumn, TableSpec } from './tables';

/**
 * What the stream computes besides the raw readings, declared once: the
 * columns of its window and alert part files (output/windows/, output/alerts/),
 * which are also the columns the ETL loads into `sensor_window` and
 * `sensor_alert` (plus the archive they came from). Timestamps are event time
 * (the readings' own `timestamp`), UTC, in the schema's timestamp format.
 */
const column = (name: string, kind: TableColumn['kind'], description: string, extra: Partial<TableColumn> = {}): TableColumn =>
  ({ name, kind, nullable: false, description, ...extra });

/** One row per (window, sensor): sums and counts are kept so two partials of one window combine exactly. */
export const windowColumns: readonly TableColumn[] = [
  column('window_start', 'timestamp', 'Window start, inclusive (event time, aligned to the epoch)'),
  column('window_end', 'timestamp', 'Window end, exclusive'),
  column('sensor_id', 'integer', 'Sensor the readings came from'),
  column('readings', 'integer', 'Readings counted in the window (late and duplicate readings excluded)'),
  column('temperature_sum', 'decimal', 'Sum of temperatures, °C (with readings: combines partials exactly)'),
  column('temperature_min', 'decimal', 'Lowest temperature, °C'),
  column('temperature_max', 'decimal', 'Highest temperature, °C'),
  column('temperature_avg', 'decimal', 'Mean temperature, °C'),
  column('humidity_sum', 'decimal', 'Sum of relative humidities, %'),
  column('humidity_min', 'decimal', 'Lowest relative humidity, %'),
  column('humidity_max', 'decimal', 'Highest relative humidity, %'),
  column('humidity_avg', 'decimal', 'Mean relative humidity, %'),
  column('first_event', 'timestamp', 'Event time of the window\'s earliest reading'),
  column('last_event', 'timestamp', 'Event time of the window\'s latest reading'),
];

export const alertRules = ['out_of_range', 'spike', 'stuck', 'silent'] as const;
export type AlertRule = (typeof alertRules)[number];
export const alertEvents = ['raised', 'cleared'] as const;
export type AlertEvent = (typeof alertEvents)[number];

/**
 * One row per alert event. A raise and its clear share `alert_id` (stable
 * across redos: derived from sensor, rule and raise time), so the ETL keeps
 * one `sensor_alert` row per alert whatever order the events are loaded in.
 */
export const alertEventColumns: readonly TableColumn[] = [
  column('alert_id', 'text', 'Stable id of the alert: sensor, rule and event time of the raise', { length: 64 }),
  column('event', 'text', alertEvents.join(' | '), { length: 10 }),
  column('sensor_id', 'integer', 'Sensor the alert is about'),
  column('rule', 'text', alertRules.join(' | '), { length: 20 }),
  column('raised_at', 'timestamp', 'Event time at which the condition started'),
  column('cleared_at', 'timestamp', 'Event time at which the condition ended; empty on a raise', { nullable: true }),
  column('value', 'decimal', 'The value that raised the alert (temperature or humidity); empty for silent', { nullable: true }),
  column('detail', 'text', 'What was seen, in words (field, bound, mean and deviation, run length, silence)', { length: 255 }),
];
