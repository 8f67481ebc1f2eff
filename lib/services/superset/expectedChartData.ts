import { Database } from '../../db';
import { etlLogTable, quoteIdentifier, sensorAlertTable, sensorDataTable, sensorWindowTable } from '../../schema';

/**
 * What each chart of the dashboard must show, computed straight from the
 * pipeline's database with plain SELECTs and arithmetic here (no Superset, no
 * dialect-specific date functions), in the shape Superset's chart data API
 * answers: one row per x value and series, keyed by the chart's labels.
 */
export type ChartRows = Array<Record<string, unknown>>;

interface JobRow { id: number; status: string; records_processed: number; records_rejected: number; start_time: string; duration_seconds: number | null }
interface ReadingRow { sensor_id: number; temperature: number; humidity: number; timestamp: string }
interface WindowRow { window_start: string; sensor_id: number; readings: number; temperature_sum: number }
interface AlertRow { alert_id: string; sensor_id: number; rule: string; raised_at: string; cleared_at: string | null; value: number | null; detail: string }

export async function expectedChartData(db: Database): Promise<Record<string, ChartRows>> {
  const jobs = await selectAll<JobRow>(db, etlLogTable.name, ['id', 'status', 'records_processed', 'records_rejected', 'start_time', 'duration_seconds']);
  const readings = await selectAll<ReadingRow>(db, sensorDataTable.name, ['sensor_id', 'temperature', 'humidity', 'timestamp']);
  const windows = await selectAll<WindowRow>(db, sensorWindowTable.name, ['window_start', 'sensor_id', 'readings', 'temperature_sum']);
  const alerts = await selectAll<AlertRow>(db, sensorAlertTable.name, ['alert_id', 'sensor_id', 'rule', 'raised_at', 'cleared_at', 'value', 'detail']);
  return {
    records_processed_per_job: jobs.map((job) => ({ id: job.id, 'Records processed': job.records_processed })),
    rows_rejected_per_etl_job: jobs.map((job) => ({ id: job.id, 'Rows rejected by the ETL': job.records_rejected })),
    job_status: countBy(jobs, (job) => job.status).map(([status, count]) => ({ status, Jobs: count })),
    job_duration_and_runs_per_minute: groupBy(jobs, (job) => minuteOf(job.start_time)).map(([minute, group]) => ({
      start_time: minute,
      'Average duration (s)': average(group.filter((job) => job.duration_seconds !== null).map((job) => Number(job.duration_seconds))),
      Runs: group.length,
    })),
    temperature_per_sensor: perSensorMinute(readings, 'Average temperature (°C)', (row) => row.temperature),
    humidity_per_sensor: perSensorMinute(readings, 'Average humidity (%)', (row) => row.humidity),
    latest_reading_per_sensor: groupBy(readings, (row) => String(row.sensor_id)).map(([, group]) => {
      const latest = group.reduce((best, row) => (row.timestamp > best.timestamp ? row : best));
      return { sensor_id: latest.sensor_id, temperature: latest.temperature, humidity: latest.humidity, timestamp: latest.timestamp };
    }),
    average_temperature_per_sensor_per_minute: groupBy(windows, (row) => `${minuteOf(row.window_start)}|${row.sensor_id}`).map(([key, group]) => ({
      window_start: key.split('|')[0],
      sensor_id: group[0].sensor_id,
      'Average temperature (°C)': sum(group.map((row) => row.temperature_sum)) / sum(group.map((row) => row.readings)),
    })),
    alerts_per_rule_per_hour: groupBy(alerts, (row) => `${hourOf(row.raised_at)}|${row.rule}`).map(([key, group]) => ({ raised_at: key.split('|')[0], rule: group[0].rule, Alerts: group.length })),
    open_alerts: alerts.filter((row) => row.cleared_at === null).map(({ raised_at, sensor_id, rule, value, detail, alert_id }) => ({ raised_at, sensor_id, rule, value, detail, alert_id })),
  };
}

async function selectAll<T>(db: Database, table: string, columns: string[]): Promise<T[]> {
  const q = (name: string) => quoteIdentifier(db.engine, name);
  const rows = await db.query(`SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, normalize(value)])) as T);
}

/** Drivers return numbers as strings (pg bigint) and timestamps as Dates (pg, parsed as local time): back to the schema's forms. */
function normalize(value: unknown): unknown {
  if (value instanceof Date) return localTimestamp(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function localTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The minute a 'YYYY-MM-DD HH:mm:ss' timestamp falls in, as Superset's PT1M grain names it. */
export function minuteOf(timestamp: string): string {
  return `${timestamp.slice(0, 16)}:00`;
}

function perSensorMinute(readings: ReadingRow[], label: string, value: (row: ReadingRow) => number): ChartRows {
  return groupBy(readings, (row) => `${minuteOf(row.timestamp)}|${row.sensor_id}`).map(([key, group]) => ({
    timestamp: key.split('|')[0],
    sensor_id: group[0].sensor_id,
    [label]: average(group.map(value)),
  }));
}

/** The hour a timestamp falls in, as Superset's PT1H grain names it. */
function hourOf(timestamp: string): string {
  return `${timestamp.slice(0, 13)}:00:00`;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function groupBy<T>(rows: T[], key: (row: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function countBy<T>(rows: T[], key: (row: T) => string): Array<[string, number]> {
  return groupBy(rows, key).map(([name, group]) => [name, group.length]);
}

function average(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}
