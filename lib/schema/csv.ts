import { readingColumnNames, SensorReading } from './reading';

/** The CSV header every part file and merged file starts with. */
export const csvHeader = readingColumnNames.join(',');

/**
 * One CSV line for a reading. Numbers use JavaScript's shortest round-trip
 * form (29.5 stays "29.5"), so values survive CSV → SQL unchanged. Timestamps
 * never hold commas or quotes once structure-checked, but a malformed one may,
 * so text is quoted when it has to be.
 */
export function csvLine(reading: SensorReading): string {
  return `${reading.sensor_id},${reading.temperature},${reading.humidity},${csvText(reading.timestamp)}`;
}

export function csvText(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
