import { SensorReading } from '../schema';
import { Bar } from './barChart';
import { countBy } from './countBy';
import { LineSeries } from './lineChart';

/**
 * One line per sensor for a chart of `column` over time, one point per
 * timestamp (the mean when a sensor sent several in one second, so lines do
 * not zigzag in place). Timestamps carry no zone (the producer's local time),
 * so they are read as UTC: the chart shows them exactly as written.
 */
export function readingSeries(readings: readonly SensorReading[], column: 'temperature' | 'humidity'): LineSeries[] {
  const bySensor = new Map<number, Map<number, number[]>>();
  for (const reading of readings) {
    const x = Date.parse(`${reading.timestamp.replace(' ', 'T')}Z`);
    if (!Number.isFinite(x) || !Number.isFinite(reading[column])) continue;
    const byTime = bySensor.get(reading.sensor_id) ?? new Map<number, number[]>();
    byTime.set(x, [...(byTime.get(x) ?? []), reading[column]]);
    bySensor.set(reading.sensor_id, byTime);
  }
  return [...bySensor.entries()].sort(([a], [b]) => a - b).map(([sensor, byTime]) => ({
    name: `sensor ${sensor}`,
    points: [...byTime.entries()].sort(([a], [b]) => a - b).map(([x, values]) => ({ x, y: values.reduce((sum, value) => sum + value, 0) / values.length })),
  }));
}

/** How many readings each sensor has, as bars. */
export function readingsPerSensor(readings: readonly SensorReading[]): Bar[] {
  return countBy(readings, (reading) => reading.sensor_id, (sensor) => `sensor ${sensor}`);
}
