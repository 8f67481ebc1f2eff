import { DatabaseEngine } from '../config';
import { Queryable } from '../db';
import { etlLogTable, quoteIdentifier, SensorReading, sensorDataTable } from '../schema';

/** Read-only views of the warehouse for notebooks; table and column names come from lib/schema. */
export function warehouseViews(db: Queryable, engine: DatabaseEngine) {
  const q = (name: string) => quoteIdentifier(engine, name);
  const sensorData = q(sensorDataTable.name);
  const etlLog = q(etlLogTable.name);
  const newest = (sql: string, order: string, limit: number) =>
    engine === 'mssql' ? sql.replace(/^SELECT /, `SELECT TOP ${limit} `) + ` ORDER BY ${order}` : `${sql} ORDER BY ${order} LIMIT ${limit}`;
  const etlLogColumns = ['id', 'job_name', 'status', 'records_processed', 'records_rejected', 'source_file', 'duration_seconds', 'start_time', 'error_message'];
  /** The SQL each view runs, so a notebook can show it beside the result. */
  const sql = {
    etlLog: (limit = 50) => newest(`SELECT ${etlLogColumns.map(q).join(', ')} FROM ${etlLog}`, `${q('id')} DESC`, limit),
    perSensor: `SELECT ${q('sensor_id')}, COUNT(*) AS readings, AVG(${q('temperature')}) AS avg_temperature, AVG(${q('humidity')}) AS avg_humidity, ` +
      `MIN(${q('timestamp')}) AS first, MAX(${q('timestamp')}) AS last FROM ${sensorData} GROUP BY ${q('sensor_id')} ORDER BY ${q('sensor_id')}`,
    latestReadings: (limit = 2000) => newest(`SELECT ${['sensor_id', 'temperature', 'humidity', 'timestamp'].map(q).join(', ')} FROM ${sensorData}`, `${q('timestamp')} DESC`, limit),
  };
  return {
    sql,
    /** The ETL_Log rows, newest first. */
    async etlLog(limit = 50): Promise<Array<Record<string, unknown>>> {
      const rows = await db.query(sql.etlLog(limit));
      return rows.map((row) => ({ ...row, id: Number(row.id), records_processed: Number(row.records_processed), records_rejected: Number(row.records_rejected), duration_seconds: row.duration_seconds === null ? null : Number(row.duration_seconds) }));
    },
    /** Readings and averages per sensor. */
    async perSensor(): Promise<Array<{ sensor_id: number; readings: number; avg_temperature: number; avg_humidity: number; first: string; last: string }>> {
      const rows = await db.query(sql.perSensor);
      return rows.map((row) => ({ sensor_id: Number(row.sensor_id), readings: Number(row.readings), avg_temperature: Number(row.avg_temperature), avg_humidity: Number(row.avg_humidity), first: timestampText(row.first), last: timestampText(row.last) }));
    },
    /** The newest readings, oldest first, for tables and charts. */
    async latestReadings(limit = 2000): Promise<SensorReading[]> {
      const rows = await db.query(sql.latestReadings(limit));
      return rows.reverse().map((row) => ({ sensor_id: Number(row.sensor_id), temperature: Number(row.temperature), humidity: Number(row.humidity), timestamp: timestampText(row.timestamp) }));
    },
  };
}

/** Engines return timestamps as text (SQLite) or Date (PostgreSQL, SQL Server); notebooks show the schema's text form. */
function timestampText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  return String(value ?? '');
}
