import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { alertEventColumns, windowColumns } from '../schema/streamOutputs';
import { readAlertFile } from '../stream/alerts';
import type { AlertEventRow } from '../stream/alerts';
import { safeReaddir } from '../stream/checkpoint/atomicFile';
import type { BatchProgress } from '../stream/engine/progress';

/** An alert as the page shows it: its raise, and its clear once there is one. */
export interface AlertView {
  alertId: string;
  sensorId: number;
  rule: AlertEventRow['rule'];
  raisedAt: string;
  clearedAt: string | null;
  value: number | null;
  detail: string;
}

export interface WindowView {
  sensorId: number;
  windowStart: string;
  windowEnd: string;
  readings: number;
  temperatureAvg: number;
  humidityAvg: number;
}

/** What the stream computed besides the readings, as the page's alert and window panels show it. */
export interface StreamOutputsView {
  openAlerts: AlertView[];
  clearedAlerts: AlertView[];
  /** The latest emitted window of each sensor. */
  windows: WindowView[];
  watermark: string | null;
  late: number;
  lateBySensor: Record<string, number>;
}

/** Cleared alerts listed; open ones are all listed (one per sensor and rule at most). */
const clearedShown = 10;
const alertHeader = alertEventColumns.map((column) => column.name).join(',');
const windowHeader = windowColumns.map((column) => column.name).join(',');

/**
 * Reads (never writes) what `iot consume` wrote besides readings: alert
 * events in output/alerts/ and the archives in backup/, window rows in
 * output/windows/, the watermark and late counts from progress.jsonl. Each
 * file is read once; the view is built from the files, so a reloaded page or
 * a restarted dashboard shows the same alerts.
 */
export class StreamOutputsCollector {
  private readonly alerts = new Map<string, AlertView>();
  private readonly windows = new Map<number, WindowView>();
  private readonly filesRead = new Set<string>();
  private readonly progressRead = new Map<string, number>();
  private readonly lateBySensor: Record<string, number> = {};
  private late = 0;
  private watermark: string | null = null;

  constructor(private readonly paths: { output: string; backup: string; checkpoint: string }) {}

  poll(): StreamOutputsView {
    for (const file of this.newFiles(join(this.paths.output, 'alerts'), (name) => name.startsWith('part-'))) this.addAlerts(readAlertFile(file));
    for (const file of this.newFiles(this.paths.backup, (name) => name.includes('alert') && name.endsWith('.csv'))) {
      if (firstLine(file) === alertHeader) this.addAlerts(readAlertFile(file));
    }
    for (const file of this.newFiles(join(this.paths.output, 'windows'), (name) => name.startsWith('part-') && name.endsWith('.csv'))) this.addWindows(file);
    this.readProgress();
    const all = [...this.alerts.values()];
    return {
      openAlerts: all.filter((alert) => alert.clearedAt === null).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)),
      clearedAlerts: all.filter((alert) => alert.clearedAt !== null).sort((a, b) => b.clearedAt!.localeCompare(a.clearedAt!)).slice(0, clearedShown),
      windows: [...this.windows.values()].sort((a, b) => a.sensorId - b.sensorId),
      watermark: this.watermark,
      late: this.late,
      lateBySensor: { ...this.lateBySensor },
    };
  }

  private newFiles(dir: string, wanted: (name: string) => boolean): string[] {
    const fresh = safeReaddir(dir).filter((name) => !name.startsWith('.') && wanted(name)).map((name) => join(dir, name)).filter((path) => !this.filesRead.has(path));
    for (const path of fresh) this.filesRead.add(path);
    return fresh;
  }

  /** A raise and its clear may come in either order (archives, then parts): the clear's time wins. */
  private addAlerts(events: AlertEventRow[]): void {
    for (const event of events) {
      const known = this.alerts.get(event.alert_id);
      const clearedAt = event.cleared_at ?? known?.clearedAt ?? null;
      this.alerts.set(event.alert_id, {
        alertId: event.alert_id, sensorId: event.sensor_id, rule: event.rule, raisedAt: event.raised_at, clearedAt,
        value: event.value, detail: event.event === 'raised' ? event.detail : known?.detail ?? event.detail,
      });
    }
  }

  private addWindows(file: string): void {
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith(windowHeader)) return;
    for (const row of parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[]) {
      const view: WindowView = {
        sensorId: Number(row.sensor_id), windowStart: row.window_start, windowEnd: row.window_end, readings: Number(row.readings),
        temperatureAvg: Number(row.temperature_avg), humidityAvg: Number(row.humidity_avg),
      };
      const known = this.windows.get(view.sensorId);
      if (!known || known.windowEnd <= view.windowEnd) this.windows.set(view.sensorId, view);
    }
  }

  /** Progress logs of the lone consumer and of group instances, read from where the last poll stopped. */
  private readProgress(): void {
    const logs = [join(this.paths.checkpoint, 'progress.jsonl'), ...safeReaddir(this.paths.checkpoint).map((name) => join(this.paths.checkpoint, name, 'progress.jsonl'))];
    for (const log of logs) {
      let size: number;
      try {
        size = statSync(log).size;
      } catch {
        continue;
      }
      // A log shorter than what was read is a new checkpoint (after a cycle's clean-up): read it from the start.
      const from = (this.progressRead.get(log) ?? 0) <= size ? this.progressRead.get(log) ?? 0 : 0;
      if (from === size) continue;
      const text = readRange(log, from, size);
      const complete = text.lastIndexOf('\n') + 1;
      this.progressRead.set(log, from + Buffer.byteLength(text.slice(0, complete)));
      for (const line of text.slice(0, complete).split('\n').filter(Boolean)) {
        try {
          this.addProgress(JSON.parse(line) as BatchProgress);
        } catch {
          // A line cut by a log replaced between two polls: the next one reads the new log whole.
          this.progressRead.delete(log);
        }
      }
    }
  }

  private addProgress(progress: BatchProgress): void {
    if (progress.watermark && (this.watermark === null || progress.watermark > this.watermark)) this.watermark = progress.watermark;
    this.late += progress.late ?? 0;
    for (const [sensor, count] of Object.entries(progress.lateBySensor ?? {})) this.lateBySensor[sensor] = (this.lateBySensor[sensor] ?? 0) + count;
  }
}

function firstLine(file: string): string {
  return readRange(file, 0, Math.min(4096, statSync(file).size)).split('\n')[0];
}

function readRange(file: string, from: number, to: number): string {
  const buffer = Buffer.alloc(to - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}
