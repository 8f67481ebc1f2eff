import { ranges } from '../schema';
import { Random } from './seededRandom';
import { Measurement } from './sensorModel';

/** Faults the producer can make so each alert rule has something to find (iot produce --stuck-sensor, --silent-sensor, --spike-ratio). */
export interface AlertCaseOptions {
  /** This sensor repeats its first reading for the whole run (a stuck sensor). */
  stuckSensor?: number;
  /** This sensor stops sending once its readings' event time is `silentAfterSeconds` past the run's first reading. */
  silentSensor?: number;
  silentAfterSeconds?: number;
  /** Share of valid readings whose temperature jumps 30-50 °C (beyond the simulated sensors' own 8-20 °C spikes). */
  spikeRatio?: number;
}

export interface AlertCases {
  /** The measurement as sent, or undefined when the sensor is silent by now. */
  apply(measurement: Measurement, eventTimeMs: number): Measurement | undefined;
}

export function createAlertCases(options: AlertCaseOptions, random: Random): AlertCases {
  let stuck: Measurement | undefined;
  let firstEventMs: number | undefined;
  const spikeRatio = options.spikeRatio ?? 0;
  return {
    apply(measurement, eventTimeMs) {
      firstEventMs ??= eventTimeMs;
      const sensorId = measurement.sensor_id;
      if (sensorId === options.silentSensor && eventTimeMs - firstEventMs >= (options.silentAfterSeconds ?? 0) * 1000) return undefined;
      if (sensorId === options.stuckSensor) return (stuck ??= measurement);
      if (spikeRatio > 0 && random.next() < spikeRatio) {
        const temperature = Math.min(ranges.temperature.max, Math.round((measurement.temperature + random.between(30, 50)) * 100) / 100);
        return { ...measurement, temperature };
      }
      return measurement;
    },
  };
}
