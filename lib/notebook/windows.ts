import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { windowColumns } from '../schema/streamOutputs';
import { BatchProgress } from '../stream';
import { Bar } from './barChart';
import { readCsvRecords, readJsonLines } from './files';
import { LineSeries } from './lineChart';

export type WindowRecord = Record<string, string | number>;

/** Every row of the stream's window part files (output/windows/*.csv), numbers typed, in the order written. */
export function readWindows(outputDir: string): WindowRecord[] {
  const dir = join(outputDir, 'windows');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((name) => name.startsWith('part-') && name.endsWith('.csv')).sort().map((name) => join(dir, name));
  return readCsvRecords(files).map((record) => Object.fromEntries(windowColumns.map((column) => [column.name, column.kind === 'timestamp' ? record[column.name] : Number(record[column.name])])));
}

/** One row per micro-batch: rows read, late readings, duplicates dropped, windows emitted and the watermark after it. */
export function eventTimeProgress(checkpointDir: string): Array<Record<string, string | number>> {
  return progressOf(checkpointDir).map((batch) => ({
    batch: batch.batchId, rows: batch.numInputRows, late: batch.late ?? 0, duplicates: batch.duplicates ?? 0, windows: batch.windowsEmitted ?? 0, watermark: batch.watermark ?? '(none yet)',
  }));
}

/** Late readings per sensor over the run, as bars. */
export function lateReadingsPerSensor(checkpointDir: string): Bar[] {
  const bySensor = new Map<string, number>();
  for (const batch of progressOf(checkpointDir)) for (const [sensor, count] of Object.entries(batch.lateBySensor ?? {})) bySensor.set(sensor, (bySensor.get(sensor) ?? 0) + count);
  return [...bySensor].sort(([a], [b]) => Number(a) - Number(b)).map(([sensor, value]) => ({ label: `sensor ${sensor}`, value }));
}

/** One line per sensor: `column` of each emitted window, at its start. */
export function windowSeries(windows: readonly WindowRecord[], column: 'temperature_avg' | 'humidity_avg' | 'readings'): LineSeries[] {
  const bySensor = new Map<number, Array<{ x: number; y: number }>>();
  for (const row of windows) {
    const points = bySensor.get(row.sensor_id as number) ?? [];
    points.push({ x: Date.parse(`${String(row.window_start).replace(' ', 'T')}Z`), y: row[column] as number });
    bySensor.set(row.sensor_id as number, points);
  }
  return [...bySensor].sort(([a], [b]) => a - b).map(([sensor, points]) => ({ name: `sensor ${sensor}`, points: points.sort((a, b) => a.x - b.x) }));
}

function progressOf(checkpointDir: string): BatchProgress[] {
  const file = join(checkpointDir, 'progress.jsonl');
  return existsSync(file) ? (readJsonLines([file]) as unknown as BatchProgress[]) : [];
}
