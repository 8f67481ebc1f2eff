/**
 * The one definition of a sensor reading. JSON validation (consumer), value
 * rules (ETL), the CSV header and column order (consumer, merge), SQL DDL
 * (ETL) and Superset's datasets are all derived from this list.
 */
export type ColumnKind = 'integer' | 'decimal' | 'timestamp';

export interface ReadingColumn {
  name: 'sensor_id' | 'temperature' | 'humidity' | 'timestamp';
  kind: ColumnKind;
  description: string;
  unit?: string;
  /** Inclusive bounds of a plausible value; enforced by the ETL's rules. */
  range?: { min: number; max: number };
}

export const timestampFormat = 'YYYY-MM-DD HH:mm:ss';

export const readingColumns: readonly ReadingColumn[] = [
  { name: 'sensor_id', kind: 'integer', description: 'Sensor that took the reading (positive integer)', range: { min: 1, max: 2147483647 } },
  { name: 'temperature', kind: 'decimal', description: 'Air temperature', unit: '°C', range: { min: -40, max: 85 } },
  { name: 'humidity', kind: 'decimal', description: 'Relative humidity', unit: '%', range: { min: 0, max: 100 } },
  { name: 'timestamp', kind: 'timestamp', description: `When the reading was taken, ${timestampFormat}` },
];

export interface SensorReading {
  sensor_id: number;
  temperature: number;
  humidity: number;
  timestamp: string;
}

export const readingColumnNames = readingColumns.map((column) => column.name) as readonly (keyof SensorReading)[];

export function readingColumn(name: keyof SensorReading): ReadingColumn {
  const column = readingColumns.find((candidate) => candidate.name === name);
  if (!column) throw new Error(`no column ${name} in the sensor reading schema`);
  return column;
}
