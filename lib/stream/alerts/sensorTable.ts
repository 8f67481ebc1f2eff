import { AlertRule } from '../../schema/streamOutputs';
import { OpenAlert } from './alertEvent';
import { SensorIndex } from '../state';

/** A history of one field as saved: the ring of the last values with its running sums. */
export interface ValueHistory {
  values: number[];
  next: number;
  sum: number;
  sumOfSquares: number;
}

/** Everything the rules remember about one sensor, as plain data: the state store's saved form. */
export interface SensorAlertState {
  /** Latest event time seen (ms): a reading older than it (out of order) does not move it. */
  lastEvent: number | null;
  history: { temperature: ValueHistory; humidity: ValueHistory };
  /** stuck: how many readings in a row had these values. */
  run: { length: number; temperature: number; humidity: number };
  /** out_of_range, spike: good readings in a row since the last bad one. */
  good: { out_of_range: number; spike: number };
  open: Partial<Record<AlertRule, OpenAlert>>;
}

export type Field = 'temperature' | 'humidity';

/** Where each number of a sensor's row lives (NaN stands for "none yet"). */
export const enum Col {
  LastEvent, RunLength, RunTemperature, RunHumidity, GoodOutOfRange, GoodSpike,
  TemperatureSum, TemperatureSquares, HumiditySum, HumiditySquares, HistoryNext, HistoryCount,
}
const rowWidth = 12;
const sumColumn: Record<Field, Col> = { temperature: Col.TemperatureSum, humidity: Col.HumiditySum };

/**
 * The rules' memory of every sensor of a partition, laid out for the hot
 * path: one row of numbers per sensor in a Float64Array and the value rings
 * in another, so a reading touches a few cache lines instead of a dozen
 * small objects (with 1,000 sensors taking turns, each object was a cache
 * miss: the rules cost 3× what they compute). Raised alerts are rare and
 * stay objects. Saved and loaded as SensorAlertState, the plain form.
 */
export class SensorTable {
  rows = new Float64Array(0);
  /** Per slot: the last `historySize` temperatures, then as many humidities. */
  history = new Float64Array(0);
  /** Per slot: the alerts it has raised and not cleared (undefined: none, the usual case). */
  open: (Partial<Record<AlertRule, OpenAlert>> | undefined)[] = [];
  readonly ids: number[] = [];
  private readonly index = new SensorIndex();

  constructor(readonly historySize: number) {}

  /** The sensor's slot, made on its first reading. */
  slotOf(sensorId: number): number {
    const slot = this.index.of(sensorId);
    return slot < this.ids.length ? slot : this.addSensor(sensorId, slot);
  }

  /** [sensor id, slot] pairs, lowest id first. */
  bySensorId(): [number, number][] {
    return this.ids.map((id, slot): [number, number] => [id, slot]).sort((a, b) => a[0] - b[0]);
  }

  /** Appends a reading's values to the sensor's rings, dropping the oldest pair once they hold historySize. */
  addToHistory(slot: number, temperature: number, humidity: number): void {
    const row = slot * rowWidth;
    const ring = slot * 2 * this.historySize;
    const count = this.rows[row + Col.HistoryCount];
    if (count < this.historySize) {
      this.history[ring + count] = temperature;
      this.history[ring + this.historySize + count] = humidity;
      this.rows[row + Col.HistoryCount] = count + 1;
    } else {
      const next = this.rows[row + Col.HistoryNext];
      this.dropValue(row + Col.TemperatureSum, this.history[ring + next]);
      this.dropValue(row + Col.HumiditySum, this.history[ring + this.historySize + next]);
      this.history[ring + next] = temperature;
      this.history[ring + this.historySize + next] = humidity;
      this.rows[row + Col.HistoryNext] = next + 1 === this.historySize ? 0 : next + 1;
    }
    this.rows[row + Col.TemperatureSum] += temperature;
    this.rows[row + Col.TemperatureSquares] += temperature * temperature;
    this.rows[row + Col.HumiditySum] += humidity;
    this.rows[row + Col.HumiditySquares] += humidity * humidity;
  }

  private dropValue(sumAt: number, value: number): void {
    this.rows[sumAt] -= value;
    this.rows[sumAt + 1] -= value * value;
  }

  /** Mean and standard deviation of the sensor's ring for `field`, from the running sums. */
  statistics(slot: number, field: Field): { count: number; mean: number; deviation: number } {
    const row = slot * rowWidth;
    const count = this.rows[row + Col.HistoryCount];
    if (count === 0) return { count, mean: NaN, deviation: NaN };
    const mean = this.rows[row + sumColumn[field]] / count;
    // Running sums can leave a hair below zero where the values are all equal.
    const variance = Math.max(0, this.rows[row + sumColumn[field] + 1] / count - mean * mean);
    return { count, mean, deviation: Math.sqrt(variance) };
  }

  toSaved(): Record<string, SensorAlertState> {
    const saved: Record<string, SensorAlertState> = {};
    for (const [id, slot] of this.bySensorId()) saved[id] = this.savedSensor(slot);
    return saved;
  }

  static fromSaved(saved: Record<string, SensorAlertState>, historySize: number): SensorTable {
    const table = new SensorTable(historySize);
    for (const [id, sensor] of Object.entries(saved)) table.loadSensor(table.slotOf(Number(id)), sensor);
    return table;
  }

  private savedSensor(slot: number): SensorAlertState {
    const row = slot * rowWidth;
    const at = (col: Col) => this.rows[row + col];
    const orNull = (value: number) => (Number.isNaN(value) ? null : value);
    return {
      lastEvent: orNull(at(Col.LastEvent)),
      history: { temperature: this.savedHistory(slot, 'temperature'), humidity: this.savedHistory(slot, 'humidity') },
      run: { length: at(Col.RunLength), temperature: at(Col.RunTemperature), humidity: at(Col.RunHumidity) },
      good: { out_of_range: at(Col.GoodOutOfRange), spike: at(Col.GoodSpike) },
      open: { ...this.open[slot] },
    };
  }

  private savedHistory(slot: number, field: Field): ValueHistory {
    const row = slot * rowWidth;
    const ring = slot * 2 * this.historySize + (field === 'temperature' ? 0 : this.historySize);
    const count = this.rows[row + Col.HistoryCount];
    return {
      values: Array.from(this.history.subarray(ring, ring + count)),
      next: this.rows[row + Col.HistoryNext],
      sum: this.rows[row + sumColumn[field]],
      sumOfSquares: this.rows[row + sumColumn[field] + 1],
    };
  }

  /** A saved sensor into its row; a ring saved under another history size is cut to its newest values or kept short. */
  private loadSensor(slot: number, sensor: SensorAlertState): void {
    const row = slot * rowWidth;
    const set = (col: Col, value: number | null) => (this.rows[row + col] = value ?? NaN);
    set(Col.LastEvent, sensor.lastEvent);
    set(Col.RunLength, sensor.run.length);
    set(Col.RunTemperature, sensor.run.temperature);
    set(Col.RunHumidity, sensor.run.humidity);
    set(Col.GoodOutOfRange, sensor.good.out_of_range);
    set(Col.GoodSpike, sensor.good.spike);
    const { temperature, humidity } = sensor.history;
    const sameShape = temperature.values.length === this.historySize || (temperature.values.length < this.historySize && temperature.next === 0);
    if (sameShape) this.restoreRings(slot, temperature, humidity);
    else this.cutRings(slot, temperature, humidity);
    this.open[slot] = Object.keys(sensor.open).length > 0 ? { ...sensor.open } : undefined;
  }

  /** The rings exactly as saved (same positions, same sums): the next readings meet the same arithmetic as an uninterrupted run. */
  private restoreRings(slot: number, temperature: ValueHistory, humidity: ValueHistory): void {
    const row = slot * rowWidth;
    const ring = slot * 2 * this.historySize;
    this.history.set(temperature.values, ring);
    this.history.set(humidity.values, ring + this.historySize);
    this.rows[row + Col.HistoryCount] = temperature.values.length;
    this.rows[row + Col.HistoryNext] = temperature.next;
    this.rows[row + Col.TemperatureSum] = temperature.sum;
    this.rows[row + Col.TemperatureSquares] = temperature.sumOfSquares;
    this.rows[row + Col.HumiditySum] = humidity.sum;
    this.rows[row + Col.HumiditySquares] = humidity.sumOfSquares;
  }

  /** Rings saved under another ALERT_SPIKE_HISTORY: oldest first, their newest values kept, summed anew. */
  private cutRings(slot: number, temperature: ValueHistory, humidity: ValueHistory): void {
    const row = slot * rowWidth;
    for (const col of [Col.HistoryCount, Col.HistoryNext, Col.TemperatureSum, Col.TemperatureSquares, Col.HumiditySum, Col.HumiditySquares]) this.rows[row + col] = 0;
    const [temperatures, humidities] = [temperature, humidity].map((history) => inRingOrder(history).slice(-this.historySize));
    temperatures.forEach((value, index) => this.addToHistory(slot, value, humidities[index]));
  }

  private addSensor(sensorId: number, slot: number): number {
    if ((slot + 1) * rowWidth > this.rows.length) this.grow(Math.max(64, slot * 2));
    this.ids.push(sensorId);
    this.open.push(undefined);
    const row = slot * rowWidth;
    this.rows.fill(0, row, row + rowWidth);
    this.rows[row + Col.LastEvent] = NaN;
    this.rows[row + Col.RunTemperature] = NaN;
    this.rows[row + Col.RunHumidity] = NaN;
    return slot;
  }

  private grow(capacity: number): void {
    const rows = new Float64Array(capacity * rowWidth);
    rows.set(this.rows);
    this.rows = rows;
    const history = new Float64Array(capacity * 2 * this.historySize);
    history.set(this.history);
    this.history = history;
  }
}

/** A saved ring's values oldest first. */
function inRingOrder(history: ValueHistory): number[] {
  return [...history.values.slice(history.next), ...history.values.slice(0, history.next)];
}

/** Where a slot's row starts in `rows`. */
export function rowOf(slot: number): number {
  return slot * rowWidth;
}
