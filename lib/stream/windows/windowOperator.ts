import { windowColumns } from '../../schema/streamOutputs';
import { SensorReading } from '../../schema';
import { OutputRow, SensorIndex, StatefulOperator } from '../state';
import { aggregateFromArray, aggregateToArray, addToAggregate, startAggregate, WindowAggregate, windowRow } from './windowAggregate';
import { WindowSpec } from './windowSpec';

/**
 * Open windows of one partition: sensor → window start / slide → aggregate,
 * and per sensor the window its last reading went to. Readings of a sensor
 * mostly fall in the window of the one before, so that one is found without
 * hashing; the maps serve the rest, emission and saving.
 */
export class OpenWindows {
  readonly bySensor = new Map<number, Map<number, WindowAggregate>>();
  private readonly index = new SensorIndex();
  private lastSlot: number[] = [];
  private lastAggregate: (WindowAggregate | undefined)[] = [];

  /** The aggregate of `sensor`'s window `slot` (start / slide), if open. */
  find(sensor: number, slot: number): WindowAggregate | undefined {
    const at = this.index.of(sensor);
    if (this.lastSlot[at] === slot) return this.lastAggregate[at];
    const aggregate = this.bySensor.get(sensor)?.get(slot);
    if (aggregate) this.remember(at, slot, aggregate);
    return aggregate;
  }

  open(sensor: number, slot: number, aggregate: WindowAggregate): void {
    let windows = this.bySensor.get(sensor);
    if (!windows) this.bySensor.set(sensor, (windows = new Map()));
    windows.set(slot, aggregate);
    this.remember(this.index.of(sensor), slot, aggregate);
  }

  /** A window emitted: out of the map, and forgotten as the sensor's last. */
  close(sensor: number, windows: Map<number, WindowAggregate>, slot: number): void {
    windows.delete(slot);
    if (windows.size === 0) this.bySensor.delete(sensor);
    const at = this.index.of(sensor);
    if (this.lastSlot[at] === slot) this.lastAggregate[at] = undefined;
  }

  private remember(at: number, slot: number, aggregate: WindowAggregate): void {
    while (this.lastSlot.length <= at) {
      this.lastSlot.push(NaN);
      this.lastAggregate.push(undefined);
    }
    this.lastSlot[at] = slot;
    this.lastAggregate[at] = aggregate;
  }
}

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
    return new OpenWindows();
  }

  add(state: OpenWindows, reading: SensorReading, eventTime: number): void {
    // Windows are keyed by start / slide: small integers hash faster than epoch milliseconds.
    let slot = Math.floor(eventTime / this.spec.slideMs);
    for (let count = 0; count < this.perReading; count++, slot--) {
      const aggregate = state.find(reading.sensor_id, slot);
      if (aggregate) addToAggregate(aggregate, reading.temperature, reading.humidity, eventTime);
      else state.open(reading.sensor_id, slot, startAggregate(reading.temperature, reading.humidity, eventTime));
    }
  }

  advance(state: OpenWindows, watermark: number, emit: (row: OutputRow) => void): boolean {
    const due: [number, number, WindowAggregate][] = [];
    for (const [sensor, windows] of state.bySensor) {
      for (const [slot, aggregate] of windows) {
        const start = slot * this.spec.slideMs;
        if (start + this.spec.sizeMs > watermark) continue;
        due.push([start, sensor, aggregate]);
        state.close(sensor, windows, slot);
      }
    }
    due.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [start, sensor, aggregate] of due) emit(windowRow(start, start + this.spec.sizeMs, sensor, aggregate));
    return due.length > 0;
  }

  save(state: OpenWindows): unknown {
    const saved: number[][] = [];
    for (const [sensor, windows] of state.bySensor) for (const [slot, aggregate] of windows) saved.push([sensor, slot * this.spec.slideMs, ...aggregateToArray(aggregate)]);
    return { sizeMs: this.spec.sizeMs, slideMs: this.spec.slideMs, open: saved };
  }

  /** Windows saved under another size or slide cannot continue: they start empty (the readings stay in the raw part files). */
  load(saved: unknown): OpenWindows {
    const state = new OpenWindows();
    const value = saved as { sizeMs: number; slideMs: number; open: number[][] };
    if (value.sizeMs !== this.spec.sizeMs || value.slideMs !== this.spec.slideMs) return state;
    for (const [sensor, start, ...rest] of value.open) state.open(sensor, start / this.spec.slideMs, aggregateFromArray(rest));
    return state;
  }
}
