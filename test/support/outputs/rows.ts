import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertsOutput, csvText, OutputKind, windowsOutput } from '../../../lib/schema';

/** A window row as the stream writes it, from its readings' values: sums, min, max, avg, first and last event. */
export interface WindowOf {
  start: string;
  end: string;
  sensor: number;
  /** [temperature, humidity, event time] per reading. */
  readings: Array<[number, number, string]>;
}

export function windowLine({ start, end, sensor, readings }: WindowOf): string {
  const column = (index: 0 | 1) => readings.map((reading) => reading[index]);
  const stats = (values: number[]) => {
    const sum = values.reduce((total, value) => total + value, 0);
    return [sum, Math.min(...values), Math.max(...values), sum / values.length];
  };
  const times = readings.map((reading) => reading[2]).sort();
  return [start, end, sensor, readings.length, ...stats(column(0)), ...stats(column(1)), times[0], times[times.length - 1]].join(',');
}

export interface AlertEventOf {
  id: string;
  event: 'raised' | 'cleared';
  sensor: number;
  rule: string;
  raisedAt: string;
  clearedAt?: string;
  value?: number;
  detail: string;
}

export function alertLine(event: AlertEventOf): string {
  return [event.id, event.event, event.sensor, event.rule, event.raisedAt, event.clearedAt ?? '', event.value ?? '', csvText(event.detail)].join(',');
}

/** Writes an archive of `kind` as `iot merge` names it (`<prefix>_<stamp>.csv`); returns its path. */
export function writeOutputArchive(backup: string, kind: OutputKind, stamp: string, lines: string[]): string {
  const file = join(backup, `${kind.archivePrefix}_${stamp}.csv`);
  writeFileSync(file, [kind.header, ...lines].join('\n') + '\n');
  return file;
}

export const writeWindowArchive = (backup: string, stamp: string, windows: WindowOf[]) => writeOutputArchive(backup, windowsOutput, stamp, windows.map(windowLine));
export const writeAlertArchive = (backup: string, stamp: string, events: AlertEventOf[]) => writeOutputArchive(backup, alertsOutput, stamp, events.map(alertLine));
