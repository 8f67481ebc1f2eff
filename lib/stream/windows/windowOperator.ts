import { windowColumns } from '../../schema/streamOutputs';
import { SensorReading } from '../../schema';
import { OutputRow, StatefulOperator } from '../state';
import { aggregateFromArray, aggregateToArray, addToAggregate, startAggregate, WindowAggregate, windowRow } from './windowAggregate';
import { WindowSpec } from './windowSpec';

/** Open windows of one partition: sensor → window start / slide → aggregate. */
export type OpenWindows = Map<number, Map<number, WindowAggregate>>;

/**
 * Spark's `groupBy(window(timestamp, size, slide), sensor_id).agg(...)` in
 * append mode: each on-time reading is added to the size/slide windows it
 * falls in; a window is emitted once, when the watermark reaches its end,
 * and dropped from state then. A reading older than the watermark never gets
 * here (the store counts it late), so an emitted window never changes.
 */
export class WindowOperator implements StatefulOperator<OpenWindows> {
  readonly name = 'windows';
  readonly output = { kind: 'window' as const, folder: 'windows', columns: windowColumns };
  private readonly perReading: number;

  constructor(private readonly spec: WindowSpec) {
    this.perReading = spec.sizeMs / spec.slideMs;
  }

  create(): OpenWindows {
    return new Map();
  }

  add(state: OpenWindows, reading: SensorReading, eventTime: number): void {
    let windows = state.get(reading.sensor_id);
    if (!windows) state.set(reading.sensor_id, (windows = new Map()));
    // Windows are keyed by start / slide: small integers hash faster than epoch milliseconds.
    let slot = Math.floor(eventTime / this.spec.slideMs);
    for (let count = 0; count < this.perReading; count++, slot--) {
      const aggregate = windows.get(slot);
      if (aggregate) addToAggregate(aggregate, reading.temperature, reading.humidity, eventTime);
      else windows.set(slot, startAggregate(reading.temperature, reading.humidity, eventTime));
    }
  }

  advance(state: OpenWindows, watermark: number, emit: (row: OutputRow) => void): boolean {
    const due: [number, number, WindowAggregate][] = [];
    for (const [sensor, windows] of state) {
      for (const [slot, aggregate] of windows) {
        const start = slot * this.spec.slideMs;
        if (start + this.spec.sizeMs > watermark) continue;
        due.push([start, sensor, aggregate]);
        windows.delete(slot);
      }
      if (windows.size === 0) state.delete(sensor);
    }
    due.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [start, sensor, aggregate] of due) emit(windowRow(start, start + this.spec.sizeMs, sensor, aggregate));
    return due.length > 0;
  }

  save(state: OpenWindows): unknown {
    const saved: number[][] = [];
    for (const [sensor, windows] of state) for (const [slot, aggregate] of windows) saved.push([sensor, slot * this.spec.slideMs, ...aggregateToArray(aggregate)]);
    return { sizeMs: this.spec.sizeMs, slideMs: this.spec.slideMs, open: saved };
  }

  /** Windows saved under another size or slide cannot continue: they start empty (the readings stay in the raw part files). */
  load(saved: unknown): OpenWindows {
    const state: OpenWindows = new Map();
    const value = saved as { sizeMs: number; slideMs: number; open: number[][] };
    if (value.sizeMs !== this.spec.sizeMs || value.slideMs !== this.spec.slideMs) return state;
    for (const [sensor, start, ...rest] of value.open) {
      let windows = state.get(sensor);
      if (!windows) state.set(sensor, (windows = new Map()));
      windows.set(start / this.spec.slideMs, aggregateFromArray(rest));
    }
    return state;
  }
}
