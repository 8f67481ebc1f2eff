import { ranges, SensorReading } from '../../schema';
import { AlertRule } from '../../schema/streamOutputs';
import { AlertEventRow, clearEvent, OpenAlert, raiseEvent } from './alertEvent';
import { formatEventTime } from '../state';
import { AlertSettings } from './settings';
import { addValue, emptyHistory, statistics, ValueHistory } from './valueHistory';

/** Everything the rules remember about one sensor: plain data, saved with each batch's state. */
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

type Field = 'temperature' | 'humidity';
const units: Record<Field, string> = { temperature: '°C', humidity: '%' };
/** Readings a spike's mean needs at least, so a new sensor's first values are not judged on one or two others. */
const minimumHistory = 10;

export function newSensorState(): SensorAlertState {
  return {
    lastEvent: null,
    history: { temperature: emptyHistory(), humidity: emptyHistory() },
    run: { length: 0, temperature: NaN, humidity: NaN },
    good: { out_of_range: 0, spike: 0 },
    open: {},
  };
}

/**
 * Runs the four rules over one reading of a sensor (event time `at`, not
 * late), in its partition's order, and returns the raises and clears it
 * causes. An alert is raised once when its condition starts and cleared once
 * when it ends; while raised, the same condition raises nothing.
 */
export function applyReading(state: SensorAlertState, reading: SensorReading, at: number, settings: AlertSettings, out: AlertEventRow[]): void {
  silentOnReading(state, reading, at, settings, out);
  const outOfRange = outOfRangeOnReading(state, reading, settings, out);
  if (!outOfRange) spikeOnReading(state, reading, settings, out);
  stuckOnReading(state, reading, settings, out);
}

/** The watermark passed `lastEvent + S` with nothing from the sensor: it went silent at that event time. */
export function silentOnWatermark(state: SensorAlertState, sensorId: number, watermark: number, settings: AlertSettings, out: AlertEventRow[]): void {
  if (state.lastEvent === null || state.open.silent || watermark - state.lastEvent <= settings.silentSeconds * 1000) return;
  raise(state, sensorId, 'silent', formatEventTime(state.lastEvent + settings.silentSeconds * 1000), null, silenceDetail(state.lastEvent, settings), out);
}

function silentOnReading(state: SensorAlertState, reading: SensorReading, at: number, settings: AlertSettings, out: AlertEventRow[]): void {
  const last = state.lastEvent;
  if (last !== null && at > last) {
    // A gap the watermark did not reach yet in this run (a replay may batch differently): the same raise, then its clear.
    if (!state.open.silent && at - last > settings.silentSeconds * 1000) {
      raise(state, reading.sensor_id, 'silent', formatEventTime(last + settings.silentSeconds * 1000), null, silenceDetail(last, settings), out);
    }
    if (state.open.silent) clear(state, reading.sensor_id, 'silent', reading.timestamp, `reported again after ${Math.round((at - last) / 1000)} s without a reading`, out);
  }
  if (last === null || at > last) state.lastEvent = at;
}

function silenceDetail(last: number, settings: AlertSettings): string {
  return `no reading for more than ${settings.silentSeconds} s of event time after ${formatEventTime(last)}`;
}

const { temperature: temperatureRange, humidity: humidityRange } = ranges;

/** The schema's own ranges (lib/schema rules): true when the reading is outside them. */
function outOfRangeOnReading(state: SensorAlertState, reading: SensorReading, settings: AlertSettings, out: AlertEventRow[]): boolean {
  // Plain comparisons, no closure: this runs for every reading of the stream.
  const field: Field | undefined = reading.temperature < temperatureRange.min || reading.temperature > temperatureRange.max ? 'temperature'
    : reading.humidity < humidityRange.min || reading.humidity > humidityRange.max ? 'humidity' : undefined;
  if (field) {
    state.good.out_of_range = 0;
    if (!state.open.out_of_range) {
      const { min, max } = ranges[field];
      const side = reading[field] > max ? `above the maximum ${max}` : `below the minimum ${min}`;
      raise(state, reading.sensor_id, 'out_of_range', reading.timestamp, reading[field], `${field} ${reading[field]} ${units[field]} ${side}`, out);
    }
    return true;
  }
  if (state.open.out_of_range) clearAfterGoodReadings(state, reading, 'out_of_range', settings, out);
  return false;
}

function spikeOnReading(state: SensorAlertState, reading: SensorReading, settings: AlertSettings, out: AlertEventRow[]): void {
  const field = isSpike(state.history.temperature, reading.temperature, settings) ? 'temperature'
    : isSpike(state.history.humidity, reading.humidity, settings) ? 'humidity' : undefined;
  if (field) {
    // A spike stays out of the history, so it does not widen the band the next readings are judged by.
    state.good.spike = 0;
    if (!state.open.spike) raise(state, reading.sensor_id, 'spike', reading.timestamp, reading[field], spikeDetail(state.history[field], field, reading[field], settings), out);
    return;
  }
  addValue(state.history.temperature, reading.temperature, settings.spikeHistory);
  addValue(state.history.humidity, reading.humidity, settings.spikeHistory);
  if (state.open.spike) clearAfterGoodReadings(state, reading, 'spike', settings, out);
}

/** Hot path: mean and σ from the running sums, no object made. */
function isSpike(history: ValueHistory, value: number, settings: AlertSettings): boolean {
  const count = history.values.length;
  if (count < minimumHistory && count < settings.spikeHistory) return false;
  const mean = history.sum / count;
  const distance = value > mean ? value - mean : mean - value;
  if (distance <= settings.spikeMinDelta) return false;
  const variance = history.sumOfSquares / count - mean * mean;
  return distance > settings.spikeSigmas * Math.sqrt(variance > 0 ? variance : 0);
}

function spikeDetail(history: ValueHistory, field: Field, value: number, settings: AlertSettings): string {
  const { count, mean, deviation } = statistics(history);
  return `${field} ${value} ${units[field]} is ${round(Math.abs(value - mean))} from the mean ${round(mean)} of the last ${count} readings (σ ${round(deviation)}, limit ${settings.spikeSigmas} σ and ${settings.spikeMinDelta})`;
}

function stuckOnReading(state: SensorAlertState, reading: SensorReading, settings: AlertSettings, out: AlertEventRow[]): void {
  const run = state.run;
  if (reading.temperature === run.temperature && reading.humidity === run.humidity) {
    run.length++;
    if (run.length >= settings.stuckReadings && !state.open.stuck) {
      raise(state, reading.sensor_id, 'stuck', reading.timestamp, reading.temperature, `temperature ${reading.temperature} °C and humidity ${reading.humidity} % unchanged for ${run.length} readings`, out);
    }
    return;
  }
  if (state.open.stuck) clear(state, reading.sensor_id, 'stuck', reading.timestamp, `values changed after ${run.length} identical readings`, out);
  state.run = { length: 1, temperature: reading.temperature, humidity: reading.humidity };
}

function clearAfterGoodReadings(state: SensorAlertState, reading: SensorReading, rule: 'out_of_range' | 'spike', settings: AlertSettings, out: AlertEventRow[]): void {
  state.good[rule]++;
  if (state.good[rule] >= settings.clearReadings) clear(state, reading.sensor_id, rule, reading.timestamp, `${state.good[rule]} readings in a row back to normal`, out);
}

function raise(state: SensorAlertState, sensorId: number, rule: AlertRule, at: string, value: number | null, detail: string, out: AlertEventRow[]): void {
  const { open, row } = raiseEvent(sensorId, rule, at, value, detail);
  state.open[rule] = open;
  if (rule === 'out_of_range' || rule === 'spike') state.good[rule] = 0;
  out.push(row);
}

function clear(state: SensorAlertState, sensorId: number, rule: AlertRule, at: string, detail: string, out: AlertEventRow[]): void {
  out.push(clearEvent(sensorId, rule, state.open[rule]!, at, detail));
  delete state.open[rule];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
