import { ranges, StructureReason } from '../schema';
import { BatchHealth } from './batchHealth';
import { EtlHealth } from './etlHealth';
import { QuarantineHealth } from './quarantineHealth';
import { LiveReading, Mark, SensorWindow, windowMs } from './sensorWindow';
import { TopicHealth } from './topicHealth';

/** A chart point on the wire: [Kafka time ms, temperature, humidity, marked (1 temperature, 2 humidity)]. */
export type ChartPoint = [number, number, number, number];

export interface ShownReading extends LiveReading {
  marks: Mark[];
}

export interface Health {
  topic: TopicHealth;
  batches: BatchHealth;
  quarantine: QuarantineHealth;
  etl: EtlHealth;
}

/** What a page receives on (re)connecting: everything it shows, within the bounds below. */
export interface Snapshot {
  windowMs: number;
  /** The schema's ranges, so the page can tell an out-of-range value from a measurement. */
  ranges: { temperature: { min: number; max: number }; humidity: { min: number; max: number } };
  sensors: Array<{ sensorId: number; latest: ShownReading; points: ChartPoint[]; windowPoints: number }>;
  anomalies: ShownReading[];
  malformed: Partial<Record<StructureReason, number>>;
  health: Partial<Health>;
}

/** What changed since the last push; the hub sends one of these at most a few times a second. */
export interface Update {
  sensors: Array<{ sensorId: number; latest: ShownReading; points: ChartPoint[]; windowPoints: number }>;
  anomalies: ShownReading[];
  malformed?: Partial<Record<StructureReason, number>>;
  health?: Partial<Health>;
}

/** Bounds that keep the server and an open page at a fixed size, however long they run. */
export const limits = {
  sensors: 200,
  /** Points per sensor the page holds: at the push rate, more than the five minutes need. */
  pointsPerSensor: 1_500,
  anomalies: 50,
  /** Marked readings per sensor per push drawn at most (a flood of bad readings); the newest is always among them. */
  markedPerPush: 10,
};

interface SensorState {
  window: SensorWindow;
  shown: ChartPoint[];
  latest: ShownReading;
  pendingLatest?: ShownReading;
  pendingMarked: ChartPoint[];
}

/**
 * The live picture: per sensor its window (for spike statistics), the points
 * the page draws and the latest reading; the anomalies; the health parts.
 * Every reading goes through the window, but each push carries per sensor
 * only its latest reading and its marked ones: at 1,000 readings/s a chart
 * gets a few points a second, and no mark is ever dropped for it.
 */
export class LiveState {
  private readonly sensors = new Map<number, SensorState>();
  private readonly changedSensors = new Set<number>();
  private anomalies: ShownReading[] = [];
  private pendingAnomalies: ShownReading[] = [];
  private readonly malformed: Partial<Record<StructureReason, number>> = {};
  private malformedChanged = false;
  private health: Partial<Health> = {};
  private pendingHealth: Partial<Health> = {};
  private sensorsRefused = 0;

  addReading(reading: LiveReading): void {
    let sensor = this.sensors.get(reading.sensorId);
    if (!sensor) {
      if (this.sensors.size >= limits.sensors) { this.sensorsRefused++; return; }
      sensor = { window: new SensorWindow(), shown: [], latest: { ...reading, marks: [] }, pendingMarked: [] };
      this.sensors.set(reading.sensorId, sensor);
    }
    const shown: ShownReading = { ...reading, marks: sensor.window.add(reading) };
    sensor.latest = shown;
    sensor.pendingLatest = shown;
    if (shown.marks.length > 0) {
      // Past the cap the newest marked reading replaces the one before: the latest is always drawn.
      if (sensor.pendingMarked.length >= limits.markedPerPush) sensor.pendingMarked.pop();
      sensor.pendingMarked.push(toPoint(shown));
      this.pendingAnomalies.push(shown);
      if (this.pendingAnomalies.length > limits.anomalies) this.pendingAnomalies.shift();
    }
    this.changedSensors.add(reading.sensorId);
  }

  addMalformed(reason: StructureReason): void {
    this.malformed[reason] = (this.malformed[reason] ?? 0) + 1;
    this.malformedChanged = true;
  }

  setHealth<Part extends keyof Health>(part: Part, value: Health[Part]): void {
    this.health[part] = value;
    this.pendingHealth[part] = value;
  }

  /** Sensors beyond `limits.sensors` are not shown; their readings are counted here. */
  get refusedReadings(): number {
    return this.sensorsRefused;
  }

  /** The changes since the last call, folded into what snapshots show; undefined when nothing changed. */
  takeUpdate(): Update | undefined {
    const hasHealth = Object.keys(this.pendingHealth).length > 0;
    if (this.changedSensors.size === 0 && this.pendingAnomalies.length === 0 && !hasHealth && !this.malformedChanged) return undefined;
    const sensors = [...this.changedSensors].map((sensorId) => this.flushSensor(sensorId, this.sensors.get(sensorId)!));
    this.changedSensors.clear();
    const update: Update = { sensors, anomalies: this.pendingAnomalies };
    this.anomalies = [...this.anomalies, ...this.pendingAnomalies].slice(-limits.anomalies);
    this.pendingAnomalies = [];
    if (hasHealth) update.health = this.pendingHealth;
    this.pendingHealth = {};
    if (this.malformedChanged) update.malformed = { ...this.malformed };
    this.malformedChanged = false;
    return update;
  }

  snapshot(): Snapshot {
    return {
      windowMs,
      ranges: { temperature: ranges.temperature, humidity: ranges.humidity },
      sensors: [...this.sensors].sort(([a], [b]) => a - b).map(([sensorId, sensor]) => ({ sensorId, latest: sensor.latest, points: sensor.shown, windowPoints: sensor.window.points })),
      anomalies: this.anomalies,
      malformed: { ...this.malformed },
      health: this.health,
    };
  }

  private flushSensor(sensorId: number, sensor: SensorState): Update['sensors'][number] {
    const points = sensor.pendingMarked;
    const latest = sensor.pendingLatest;
    if (latest && latest.marks.length === 0) points.push(toPoint(latest));
    sensor.pendingMarked = [];
    sensor.pendingLatest = undefined;
    points.sort((a, b) => a[0] - b[0]);
    sensor.shown.push(...points);
    const cutoff = sensor.latest.time - windowMs;
    let drop = 0;
    while (drop < sensor.shown.length && (sensor.shown[drop][0] < cutoff || sensor.shown.length - drop > limits.pointsPerSensor)) drop++;
    if (drop > 0) sensor.shown.splice(0, drop);
    return { sensorId, latest: sensor.latest, points, windowPoints: sensor.window.points };
  }
}

function toPoint(reading: ShownReading): ChartPoint {
  const temperature = reading.marks.some((mark) => mark.startsWith('temperature')) ? 1 : 0;
  const humidity = reading.marks.some((mark) => mark.startsWith('humidity')) ? 2 : 0;
  return [reading.time, reading.temperature, reading.humidity, temperature | humidity];
}
