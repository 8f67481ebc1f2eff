import { OutputRow } from '../state';
import { formatEventTime } from '../state/eventTime';

/**
 * One (window, sensor) being aggregated: count, sums, extremes, first and
 * last event time, as one Float64Array. An object's number fields are each
 * a separate heap box in V8; with 1,000 sensors taking turns, every reading
 * missed the cache once per field. Nine contiguous doubles cost one or two lines.
 */
export type WindowAggregate = Float64Array;

/** Where each figure lives in an aggregate: also the saved order of aggregateToArray. */
export const enum Agg { Readings, TemperatureSum, TemperatureMin, TemperatureMax, HumiditySum, HumidityMin, HumidityMax, FirstEvent, LastEvent }
const width = 9;

export function startAggregate(temperature: number, humidity: number, eventTime: number): WindowAggregate {
  const aggregate = new Float64Array(width);
  aggregate[Agg.Readings] = 1;
  aggregate[Agg.TemperatureSum] = aggregate[Agg.TemperatureMin] = aggregate[Agg.TemperatureMax] = temperature;
  aggregate[Agg.HumiditySum] = aggregate[Agg.HumidityMin] = aggregate[Agg.HumidityMax] = humidity;
  aggregate[Agg.FirstEvent] = aggregate[Agg.LastEvent] = eventTime;
  return aggregate;
}

export function addToAggregate(aggregate: WindowAggregate, temperature: number, humidity: number, eventTime: number): void {
  aggregate[Agg.Readings]++;
  aggregate[Agg.TemperatureSum] += temperature;
  if (temperature < aggregate[Agg.TemperatureMin]) aggregate[Agg.TemperatureMin] = temperature;
  if (temperature > aggregate[Agg.TemperatureMax]) aggregate[Agg.TemperatureMax] = temperature;
  aggregate[Agg.HumiditySum] += humidity;
  if (humidity < aggregate[Agg.HumidityMin]) aggregate[Agg.HumidityMin] = humidity;
  if (humidity > aggregate[Agg.HumidityMax]) aggregate[Agg.HumidityMax] = humidity;
  if (eventTime < aggregate[Agg.FirstEvent]) aggregate[Agg.FirstEvent] = eventTime;
  if (eventTime > aggregate[Agg.LastEvent]) aggregate[Agg.LastEvent] = eventTime;
}

/** The row of lib/schema/streamOutputs.ts windowColumns; averages are sum / readings. */
export function windowRow(start: number, end: number, sensorId: number, aggregate: WindowAggregate): OutputRow {
  return {
    window_start: formatEventTime(start),
    window_end: formatEventTime(end),
    sensor_id: sensorId,
    readings: aggregate[Agg.Readings],
    temperature_sum: aggregate[Agg.TemperatureSum],
    temperature_min: aggregate[Agg.TemperatureMin],
    temperature_max: aggregate[Agg.TemperatureMax],
    temperature_avg: aggregate[Agg.TemperatureSum] / aggregate[Agg.Readings],
    humidity_sum: aggregate[Agg.HumiditySum],
    humidity_min: aggregate[Agg.HumidityMin],
    humidity_max: aggregate[Agg.HumidityMax],
    humidity_avg: aggregate[Agg.HumiditySum] / aggregate[Agg.Readings],
    first_event: formatEventTime(aggregate[Agg.FirstEvent]),
    last_event: formatEventTime(aggregate[Agg.LastEvent]),
  };
}

/** Saved as plain numbers, in Agg order (the order saved state always had). */
export function aggregateToArray(aggregate: WindowAggregate): number[] {
  return Array.from(aggregate);
}

export function aggregateFromArray(values: number[]): WindowAggregate {
  return Float64Array.from(values);
}
