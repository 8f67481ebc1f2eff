import { ranges, SensorReading } from '../../schema';
import { AlertRule } from '../../schema/streamOutputs';
import { AlertEventRow, raiseEvent, clearEvent } from './alertEvent';
import { formatEventTime } from '../state';
import { AlertSettings } from './settings';
import { Col, Field, rowOf, SensorTable } from './sensorTable';

const units: Record<Field, string> = { temperature: '°C', humidity: '%' };
/** Readings a spike's mean needs at least, so a new sensor's first values are not judged on one or two others. */
const minimumHistory = 10;

/** One sensor of a partition's table: where the rules read and write its memory. */
export interface SensorRef {
  table: SensorTable;
  slot: number;
  sensorId: number;
}

/**
 * Runs the four rules over one reading of a sensor (event time `at`, not
 * late), in its partition's order, and appends the raises and clears it
 * causes to `out`. An alert is raised once when its condition starts and
 * cleared once when it ends; while raised, the same condition raises nothing.
 */
export function applyReading(sensor: SensorRef, reading: SensorReading, at: number, settings: AlertSettings, out: AlertEventRow[]): void {
  silentOnReading(sensor, reading, at, settings, out);
  const outOfRange = outOfRangeOnReading(sensor, reading, settings, out);
  if (!outOfRange) spikeOnReading(sensor, reading, settings, out);
  stuckOnReading(sensor, reading, settings, out);
}

/** The watermark passed `lastEvent + S` with nothing from the sensor: it went silent at that event time. */
export function silentOnWatermark(sensor: SensorRef, watermark: number, settings: AlertSettings, out: AlertEventRow[]): void {
  const last = sensor.table.rows[rowOf(sensor.slot) + Col.LastEvent];
  if (Number.isNaN(last) || isOpen(sensor, 'silent') || watermark - last <= settings.silentSeconds * 1000) return;
  raise(sensor, 'silent', formatEventTime(last + settings.silentSeconds * 1000), null, silenceDetail(last, settings), out);
}

function silentOnReading(sensor: SensorRef, reading: SensorReading, at: number, settings: AlertSettings, out: AlertEventRow[]): void {
  const lastAt = rowOf(sensor.slot) + Col.LastEvent;
  const last = sensor.table.rows[lastAt];
  if (at > last) {
    // A gap the watermark did not reach yet in this run (a replay may batch differently): the same raise, then its clear.
    if (!isOpen(sensor, 'silent') && at - last > settings.silentSeconds * 1000) {
      raise(sensor, 'silent', formatEventTime(last + settings.silentSeconds * 1000), null, silenceDetail(last, settings), out);
    }
    if (isOpen(sensor, 'silent')) clear(sensor, 'silent', reading.timestamp, `reported again after ${Math.round((at - last) / 1000)} s without a reading`, out);
  }
  // NaN (no reading yet) compares false both ways.
  if (!(at <= last)) sensor.table.rows[lastAt] = at;
}

function silenceDetail(last: number, settings: AlertSettings): string {
  return `no reading for more than ${settings.silentSeconds} s of event time after ${formatEventTime(last)}`;
}

const { temperature: temperatureRange, humidity: humidityRange } = ranges;

/** The schema's own ranges (lib/schema rules): true when the reading is outside them. */
function outOfRangeOnReading(sensor: SensorRef, reading: SensorReading, settings: AlertSettings, out: AlertEventRow[]): boolean {
  // Plain comparisons, no closure: this runs for every reading of the stream.
  const field: Field | undefined = reading.temperature < temperatureRange.min || reading.temperature > temperatureRange.max ? 'temperature'
    : reading.humidity < humidityRange.min || reading.humidity > humidityRange.max ? 'humidity' : undefined;
  if (field) {
    sensor.table.rows[rowOf(sensor.slot) + Col.GoodOutOfRange] = 0;
    if (!isOpen(sensor, 'out_of_range')) {
      const { min, max } = ranges[field];
      const side = reading[field] > max ? `above the maximum ${max}` : `below the minimum ${min}`;
      raise(sensor, 'out_of_range', reading.timestamp, reading[field], `${field} ${reading[field]} ${units[field]} ${side}`, out);
    }
    return true;
  }
  if (isOpen(sensor, 'out_of_range')) clearAfterGoodReadings(sensor, reading, 'out_of_range', settings, out);
  return false;
}

function spikeOnReading(sensor: SensorRef, reading: SensorReading, settings: AlertSettings, out: AlertEventRow[]): void {
  const row = rowOf(sensor.slot);
  const rows = sensor.table.rows;
  const field = isSpike(rows, row + Col.TemperatureSum, rows[row + Col.HistoryCount], reading.temperature, settings) ? 'temperature'
    : isSpike(rows, row + Col.HumiditySum, rows[row + Col.HistoryCount], reading.humidity, settings) ? 'humidity' : undefined;
  if (field) {
    // A spike stays out of the history, so it does not widen the band the next readings are judged by.
    rows[row + Col.GoodSpike] = 0;
    if (!isOpen(sensor, 'spike')) raise(sensor, 'spike', reading.timestamp, reading[field], spikeDetail(sensor, field, reading[field], settings), out);
    return;
  }
  sensor.table.addToHistory(sensor.slot, reading.temperature, reading.humidity);
  if (isOpen(sensor, 'spike')) clearAfterGoodReadings(sensor, reading, 'spike', settings, out);
}

/** Hot path: mean and σ from the running sums at `sumAt` (sum, then sum of squares), no object made. */
function isSpike(rows: Float64Array, sumAt: number, count: number, value: number, settings: AlertSettings): boolean {
  if (count < minimumHistory && count < settings.spikeHistory) return false;
  const mean = rows[sumAt] / count;
  const distance = value > mean ? value - mean : mean - value;
  if (distance <= settings.spikeMinDelta) return false;
  const variance = rows[sumAt + 1] / count - mean * mean;
  return distance > settings.spikeSigmas * Math.sqrt(variance > 0 ? variance : 0);
}

function spikeDetail(sensor: SensorRef, field: Field, value: number, settings: AlertSettings): string {
  const { count, mean, deviation } = sensor.table.statistics(sensor.slot, field);
  return `${field} ${value} ${units[field]} is ${round(Math.abs(value - mean))} from the mean ${round(mean)} of the last ${count} readings (σ ${round(deviation)}, limit ${settings.spikeSigmas} σ and ${settings.spikeMinDelta})`;
}

function stuckOnReading(sensor: SensorRef, reading: SensorReading, settings: AlertSettings, out: AlertEventRow[]): void {
  const row = rowOf(sensor.slot);
  const rows = sensor.table.rows;
  if (reading.temperature === rows[row + Col.RunTemperature] && reading.humidity === rows[row + Col.RunHumidity]) {
    const length = ++rows[row + Col.RunLength];
    if (length >= settings.stuckReadings && !isOpen(sensor, 'stuck')) {
      raise(sensor, 'stuck', reading.timestamp, reading.temperature, `temperature ${reading.temperature} °C and humidity ${reading.humidity} % unchanged for ${length} readings`, out);
    }
    return;
  }
  if (isOpen(sensor, 'stuck')) clear(sensor, 'stuck', reading.timestamp, `values changed after ${rows[row + Col.RunLength]} identical readings`, out);
  rows[row + Col.RunLength] = 1;
  rows[row + Col.RunTemperature] = reading.temperature;
  rows[row + Col.RunHumidity] = reading.humidity;
}

const goodColumn = { out_of_range: Col.GoodOutOfRange, spike: Col.GoodSpike } as const;

function clearAfterGoodReadings(sensor: SensorRef, reading: SensorReading, rule: 'out_of_range' | 'spike', settings: AlertSettings, out: AlertEventRow[]): void {
  const good = ++sensor.table.rows[rowOf(sensor.slot) + goodColumn[rule]];
  if (good >= settings.clearReadings) clear(sensor, rule, reading.timestamp, `${good} readings in a row back to normal`, out);
}

/** Hot path: most sensors have nothing raised, which one array read tells. */
function isOpen(sensor: SensorRef, rule: AlertRule): boolean {
  const open = sensor.table.open[sensor.slot];
  return open !== undefined && open[rule] !== undefined;
}

function raise(sensor: SensorRef, rule: AlertRule, at: string, value: number | null, detail: string, out: AlertEventRow[]): void {
  const { open, row } = raiseEvent(sensor.sensorId, rule, at, value, detail);
  (sensor.table.open[sensor.slot] ??= {})[rule] = open;
  if (rule === 'out_of_range' || rule === 'spike') sensor.table.rows[rowOf(sensor.slot) + goodColumn[rule]] = 0;
  out.push(row);
}

function clear(sensor: SensorRef, rule: AlertRule, at: string, detail: string, out: AlertEventRow[]): void {
  const open = sensor.table.open[sensor.slot]!;
  out.push(clearEvent(sensor.sensorId, rule, open[rule]!, at, detail));
  delete open[rule];
  if (Object.keys(open).length === 0) sensor.table.open[sensor.slot] = undefined;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
