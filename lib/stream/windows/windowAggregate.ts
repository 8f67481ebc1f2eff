import { OutputRow } from '../state';
import { formatEventTime } from '../state/eventTime';

/** One (window, sensor) being aggregated: counts, sums, extremes, first and last event time. */
export interface WindowAggregate {
  readings: number;
  temperatureSum: number;
  temperatureMin: number;
  temperatureMax: number;
  humiditySum: number;
  humidityMin: number;
  humidityMax: number;
  firstEvent: number;
  lastEvent: number;
}

export function startAggregate(temperature: number, humidity: number, eventTime: number): WindowAggregate {
  return {
    readings: 1, temperatureSum: temperature, temperatureMin: temperature, temperatureMax: temperature,
    humiditySum: humidity, humidityMin: humidity, humidityMax: humidity, firstEvent: eventTime, lastEvent: eventTime,
  };
}

export function addToAggregate(aggregate: WindowAggregate, temperature: number, humidity: number, eventTime: number): void {
  aggregate.readings++;
  aggregate.temperatureSum += temperature;
  if (temperature < aggregate.temperatureMin) aggregate.temperatureMin = temperature;
  if (temperature > aggregate.temperatureMax) aggregate.temperatureMax = temperature;
  aggregate.humiditySum += humidity;
  if (humidity < aggregate.humidityMin) aggregate.humidityMin = humidity;
  if (humidity > aggregate.humidityMax) aggregate.humidityMax = humidity;
  if (eventTime < aggregate.firstEvent) aggregate.firstEvent = eventTime;
  if (eventTime > aggregate.lastEvent) aggregate.lastEvent = eventTime;
}

/** The row of lib/schema/streamOutputs.ts windowColumns; averages are sum / readings. */
export function windowRow(start: number, end: number, sensorId: number, aggregate: WindowAggregate): OutputRow {
  return {
    window_start: formatEventTime(start),
    window_end: formatEventTime(end),
    sensor_id: sensorId,
    readings: aggregate.readings,
    temperature_sum: aggregate.temperatureSum,
    temperature_min: aggregate.temperatureMin,
    temperature_max: aggregate.temperatureMax,
    temperature_avg: aggregate.temperatureSum / aggregate.readings,
    humidity_sum: aggregate.humiditySum,
    humidity_min: aggregate.humidityMin,
    humidity_max: aggregate.humidityMax,
    humidity_avg: aggregate.humiditySum / aggregate.readings,
    first_event: formatEventTime(aggregate.firstEvent),
    last_event: formatEventTime(aggregate.lastEvent),
  };
}

const fields = ['readings', 'temperatureSum', 'temperatureMin', 'temperatureMax', 'humiditySum', 'humidityMin', 'humidityMax', 'firstEvent', 'lastEvent'] as const;

export function aggregateToArray(aggregate: WindowAggregate): number[] {
  return fields.map((field) => aggregate[field]);
}

export function aggregateFromArray(values: number[]): WindowAggregate {
  return Object.fromEntries(fields.map((field, index) => [field, values[index]])) as unknown as WindowAggregate;
}
