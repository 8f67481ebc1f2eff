import { SensorReading } from '../../schema';
import { AlertEventRow } from './alertEvent';
import { createEventTimeParser } from './eventTime';
import { AlertSettings } from './settings';
import { applyReading, newSensorState, SensorAlertState, silentOnWatermark } from './sensorRules';

/** What the operator keeps between batches: saved with each batch's state version, read back on restart or redo. */
export interface AlertState {
  /** Event time (ms) no reading older than which is judged any more; null before the first batch. */
  watermark: number | null;
  maxEventTime: number | null;
  /** Sensor id (as a JSON key) → its rules' memory. */
  sensors: Record<string, SensorAlertState>;
}

export function emptyAlertState(): AlertState {
  return { watermark: null, maxEventTime: null, sensors: {} };
}

/**
 * The alert rules as a stateful stream operator, per micro-batch: `observe`
 * each valid reading in partition order, then `endBatch` moves the watermark
 * (max event time seen − delay, never back, as Spark's) and lets silent
 * sensors be found by it. A reading older than the watermark in force when
 * the batch started is late: the rules skip it, as the windows do.
 */
export class AlertOperator {
  private readonly sensors: Map<number, SensorAlertState>;
  private readonly eventTime = createEventTimeParser();
  private watermark: number | null;
  private maxEventTime: number | null;
  private events: AlertEventRow[] = [];
  late = 0;

  constructor(private readonly settings: AlertSettings, private readonly watermarkDelayMs: number, state: AlertState = emptyAlertState()) {
    this.sensors = new Map(Object.entries(state.sensors).map(([id, sensor]) => [Number(id), sensor]));
    this.watermark = state.watermark;
    this.maxEventTime = state.maxEventTime;
  }

  observe(reading: SensorReading): void {
    const at = this.eventTime(reading.timestamp);
    if (Number.isNaN(at)) return;
    if (this.watermark !== null && at < this.watermark) {
      this.late++;
      return;
    }
    if (this.maxEventTime === null || at > this.maxEventTime) this.maxEventTime = at;
    let sensor = this.sensors.get(reading.sensor_id);
    if (!sensor) this.sensors.set(reading.sensor_id, (sensor = newSensorState()));
    applyReading(sensor, reading, at, this.settings, this.events);
  }

  /** Moves the watermark and returns the batch's events (raises and clears, in the order they happened). */
  endBatch(): AlertEventRow[] {
    if (this.maxEventTime !== null) {
      const candidate = this.maxEventTime - this.watermarkDelayMs;
      if (this.watermark === null || candidate > this.watermark) this.watermark = candidate;
    }
    if (this.watermark !== null) {
      for (const [sensorId, sensor] of this.sensors) silentOnWatermark(sensor, sensorId, this.watermark, this.settings, this.events);
    }
    const events = this.events;
    this.events = [];
    return events;
  }

  get currentWatermark(): number | null {
    return this.watermark;
  }

  state(): AlertState {
    return { watermark: this.watermark, maxEventTime: this.maxEventTime, sensors: Object.fromEntries(this.sensors) };
  }
}
