import { ranges } from '../schema';
import { Random } from './seededRandom';

/** What one sensor measures; the send time is added when the message is built. */
export interface Measurement {
  sensor_id: number;
  temperature: number;
  humidity: number;
}

/** One sensor's character, drawn once: where it sits, how much its day swings, how noisy it is. */
interface SensorProfile {
  sensorId: number;
  baseTemperature: number;
  baseHumidity: number;
  dailyAmplitude: number;
  /** Humidity points lost per degree above baseline (warm air holds more water, so relative humidity drops). */
  humidityPerDegree: number;
  noise: number;
  /** Slow wander of the baseline (a door left open, a cloud), bounded. */
  drift: number;
  /** Seconds of model time this sensor has lived through. */
  clock: number;
}

const secondsPerDay = 86_400;
/** Outdoor-ish air peaks mid-afternoon. */
const peakSecondOfDay = 15 * 3_600;
const spikeProbability = 0.0005;

export interface SensorFleet {
  readonly size: number;
  /** The next reading of sensor `index` (0-based); each reading is one second of that sensor's model time. */
  read(index: number): Measurement;
}

/**
 * Simulated sensors: each has its own baseline, a daily temperature cycle,
 * noise, humidity moving against temperature, and rare spikes. Values are a
 * function of the random stream and model time only (never the wall clock),
 * so the same seed gives the same readings; `startSecondOfDay` places the
 * run in the day.
 */
export function createSensorFleet(count: number, random: Random, startSecondOfDay: number): SensorFleet {
  const profiles = Array.from({ length: count }, (_, index) => drawProfile(index + 1, random, startSecondOfDay));
  return {
    size: count,
    read: (index) => nextMeasurement(profiles[index], random),
  };
}

function drawProfile(sensorId: number, random: Random, startSecondOfDay: number): SensorProfile {
  return {
    sensorId,
    baseTemperature: random.between(16, 27),
    baseHumidity: random.between(35, 70),
    dailyAmplitude: random.between(2, 6),
    humidityPerDegree: random.between(1.5, 3),
    noise: random.between(0.05, 0.25),
    drift: 0,
    clock: startSecondOfDay,
  };
}

function nextMeasurement(sensor: SensorProfile, random: Random): Measurement {
  sensor.clock += 1;
  sensor.drift = clamp(sensor.drift + random.normal() * 0.01, -1.5, 1.5);
  const dayPhase = (2 * Math.PI * (sensor.clock - peakSecondOfDay)) / secondsPerDay;
  const trend = sensor.baseTemperature + sensor.drift + sensor.dailyAmplitude * Math.cos(dayPhase);
  const spike = random.next() < spikeProbability ? random.between(8, 20) : 0;
  const temperature = trend + spike + random.normal() * sensor.noise;
  const humidity = sensor.baseHumidity - sensor.humidityPerDegree * (trend - sensor.baseTemperature) + random.normal() * sensor.noise * 3;
  return {
    sensor_id: sensor.sensorId,
    temperature: round2(clamp(temperature, ranges.temperature.min, ranges.temperature.max)),
    humidity: round2(clamp(humidity, ranges.humidity.min, ranges.humidity.max)),
  };
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Two decimals, as a real sensor reports; the JSON stays short. */
function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
