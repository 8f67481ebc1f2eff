/**
 * What the stream's windows must come to, computed the plain way: every
 * on-time reading folded into the windows it falls in, in memory, with no
 * watermark machinery. Specs compare the window part files the stream wrote
 * (each (window, sensor) once) with this fold, up to the final watermark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { SensorReading } from '../../../lib/schema';
import { windowColumns } from '../../../lib/schema/streamOutputs';
import { safeReaddir } from '../../../lib/stream/checkpoint/atomicFile';

export interface WindowRow {
  window_start: string;
  window_end: string;
  sensor_id: number;
  readings: number;
  temperature_sum: number;
  temperature_min: number;
  temperature_max: number;
  temperature_avg: number;
  humidity_sum: number;
  humidity_min: number;
  humidity_max: number;
  humidity_avg: number;
  first_event: string;
  last_event: string;
}

const epochMs = (timestamp: string) => Date.parse(`${timestamp.replace(' ', 'T')}Z`);
const text = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export const windowKey = (row: Pick<WindowRow, 'window_start' | 'window_end' | 'sensor_id'>) => `${row.window_start}|${row.window_end}|${row.sensor_id}`;

/** Windows of `sizeMs` every `slideMs` from the epoch over the readings `isLate` lets through, keyed by windowKey. */
export function foldWindows(readings: readonly SensorReading[], sizeMs: number, slideMs = sizeMs, isLate: (reading: SensorReading, index: number) => boolean = () => false): Map<string, WindowRow> {
  const windows = new Map<string, WindowRow>();
  readings.forEach((reading, index) => {
    if (isLate(reading, index)) return;
    const at = epochMs(reading.timestamp);
    for (let start = Math.floor(at / slideMs) * slideMs; start > at - sizeMs; start -= slideMs) {
      const row = { window_start: text(start), window_end: text(start + sizeMs), sensor_id: reading.sensor_id };
      const key = windowKey(row);
      const known = windows.get(key);
      if (!known) {
        windows.set(key, {
          ...row, readings: 1, temperature_sum: reading.temperature, temperature_min: reading.temperature, temperature_max: reading.temperature, temperature_avg: reading.temperature,
          humidity_sum: reading.humidity, humidity_min: reading.humidity, humidity_max: reading.humidity, humidity_avg: reading.humidity, first_event: reading.timestamp, last_event: reading.timestamp,
        });
        continue;
      }
      known.readings++;
      known.temperature_sum += reading.temperature;
      known.humidity_sum += reading.humidity;
      known.temperature_min = Math.min(known.temperature_min, reading.temperature);
      known.temperature_max = Math.max(known.temperature_max, reading.temperature);
      known.humidity_min = Math.min(known.humidity_min, reading.humidity);
      known.humidity_max = Math.max(known.humidity_max, reading.humidity);
      known.temperature_avg = known.temperature_sum / known.readings;
      known.humidity_avg = known.humidity_sum / known.readings;
      if (epochMs(reading.timestamp) < epochMs(known.first_event)) known.first_event = reading.timestamp;
      if (epochMs(reading.timestamp) > epochMs(known.last_event)) known.last_event = reading.timestamp;
    }
  });
  return windows;
}

/** The fold's windows that end at or before `watermark` (the stream emits exactly those), keyed by windowKey. */
export function closedBy(folded: Map<string, WindowRow>, watermark: string | null): Map<string, WindowRow> {
  if (watermark === null) return new Map();
  return new Map([...folded].filter(([, row]) => epochMs(row.window_end) <= epochMs(watermark)));
}

/** Every window row of every window part file under `outputDir`/windows (CSV and Parquet), with the file it came from. */
export function emittedWindows(outputDir: string): (WindowRow & { file: string })[] {
  const dir = join(outputDir, 'windows');
  return safeReaddir(dir).filter((name) => name.startsWith('part-')).sort().flatMap((name) => {
    const path = join(dir, name);
    const rows = name.endsWith('.parquet') ? (pl.readParquet(path).toRecords() as Record<string, unknown>[]) : csvRecords(path);
    return rows.map((record) => ({ ...typed(record), file: name }));
  });
}

function csvRecords(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  if (header !== windowColumns.map((column) => column.name).join(',')) throw new Error(`${path} does not start with the window header: ${header}`);
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [windowColumns[index].name, cell])));
}

function typed(record: Record<string, unknown>): WindowRow {
  const row = {} as Record<string, unknown>;
  for (const column of windowColumns) row[column.name] = column.kind === 'timestamp' ? String(record[column.name]) : Number(record[column.name]);
  return row as unknown as WindowRow;
}

/**
 * Differences between emitted windows and expected ones, in words (empty when
 * equal): a window missing, extra or emitted twice, or a figure that differs
 * (sums and averages to 1e-9, everything else exactly). `mayBeOpen`: expected
 * windows that may still be open (a group's instances stand at different watermarks).
 */
export function windowDifferences(emitted: readonly WindowRow[], expected: Map<string, WindowRow>, mayBeOpen: (row: WindowRow) => boolean = () => false): string[] {
  const problems: string[] = [];
  const seen = new Map<string, WindowRow>();
  for (const row of emitted) {
    const key = windowKey(row);
    if (seen.has(key)) problems.push(`emitted twice: ${key}`);
    seen.set(key, row);
    const want = expected.get(key);
    if (!want) { problems.push(`not expected: ${key} (${row.readings} readings)`); continue; }
    for (const column of windowColumns) {
      const [got, wanted] = [row[column.name as keyof WindowRow], want[column.name as keyof WindowRow]];
      const same = typeof got === 'number' && /_(sum|avg)$/.test(column.name) ? Math.abs(got - (wanted as number)) <= 1e-9 * Math.max(1, Math.abs(wanted as number)) : got === wanted;
      if (!same) problems.push(`${key}: ${column.name} is ${got}, expected ${wanted}`);
    }
  }
  for (const [key, row] of expected) if (!seen.has(key) && !mayBeOpen(row)) problems.push(`missing: ${key} (${expected.get(key)!.readings} readings)`);
  return problems;
}

/** progress.jsonl of a checkpoint, one object per batch. */
export function progressOf(checkpointDir: string): { batchId: number; watermark?: string | null; late?: number; duplicates?: number; windowsEmitted?: number; files: string[]; redo: boolean }[] {
  let textContent = '';
  try { textContent = readFileSync(join(checkpointDir, 'progress.jsonl'), 'utf8'); } catch { return []; }
  return textContent.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/**
 * `count` readings of `sensors` sensors, one a second each from `start`, a
 * seventh of them jittered back up to 5 s (out of order, within any delay
 * of 10 s or more), and every `lateEvery`-th after the first `onTimeFirst`
 * stamped 30 minutes back: late against any watermark delay up to 25 min
 * whatever the batching. Sent round-robin over partitions with sensors a
 * multiple of the partition count, each sensor stays in one partition.
 */
export function timedReadings(count: number, options: { sensors: number; start?: string; lateEvery?: number; onTimeFirst?: number }): { readings: SensorReading[]; late: Set<number> } {
  const start = epochMs(options.start ?? '2026-12-01 10:00:00');
  const late = new Set<number>();
  const readings = Array.from({ length: count }, (_, index) => {
    let at = start + Math.floor(index / options.sensors) * 1_000;
    if (index % 7 === 3) at -= (index % 5) * 1_000;
    if (options.lateEvery && index >= (options.onTimeFirst ?? 0) && index % options.lateEvery === 0) {
      at -= 30 * 60_000;
      late.add(index);
    }
    return { sensor_id: 1 + (index % options.sensors), temperature: ((index * 7919) % 1250) / 10 - 40, humidity: ((index * 104729) % 10000) / 100, timestamp: text(at) };
  });
  return { readings, late };
}
