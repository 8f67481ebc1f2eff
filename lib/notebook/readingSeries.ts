import { SensorReading } from '../schema';
import { Bar } from './barChart';
import { countBy } from './countBy';
import { LineSeries } from './lineChart';

/**
 * One line per sensor for a chart of `column` over time. Timestamps carry no
 * zone (local time of the producer), so they are read as UTC: the chart shows
 * them exactly as written.
 */
export function readingSeries(readings: readonly SensorReading[], column: 'temperature' | 'humidity'): LineSeries[] {
  const bySensor = new Map<number, Array<{ x: number; y: number }>>();
  for (const reading of readings) {
    const x = Date.parse(`${reading.timestamp.replace(' ', 'T')}Z`);
    if (!Number.isFinite(x) || !Number.isFinite(reading[column])) continue;
    const points = bySensor.get(reading.sensor_id) ?? [];
    points.push({ x, y: reading[column] });
    bySensor.set(reading.sensor_id, points);
  }
  return [...bySensor.entries()].sort(([a], [b]) => a - b).map(([sensor, points]) => ({ name: `sensor ${sensor}`, points }));
}

/** How many readings each sensor has, as bars. */
export function readingsPerSensor(readings: readonly SensorReading[]): Bar[] {
  return countBy(readings, (reading) => reading.sensor_id, (sensor) => `sensor ${sensor}`);
}
