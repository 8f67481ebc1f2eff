import { AlertCaseOptions, createMessageSource } from '../producer';
import { formatTimestamp, SensorReading } from '../schema';
import { eventTimeOf } from '../stream/state';

export interface AlertCaseRun {
  /** In the order the producer makes them, with the key and partition it would send them to. */
  messages: Array<{ key: string; partition: number; reading: SensorReading }>;
  /** The readings --spike-ratio changed (found against the same run without spikes). */
  spiked: SensorReading[];
}

/**
 * Readings made for each alert rule, as `iot produce --simulated-time` makes
 * them (ten sensors, one reading each per second of event time from `start`):
 * for `faultySeconds` sensor 2 is stuck, sensor 3 falls silent after 60 s,
 * spikes come at `spikeRatio` and sensor 6 reads 130 % humidity at seconds
 * 100 and 101; then `healthySeconds` of the same sensors without faults, so
 * every alert ends. For the alerts notebook and specs.
 */
export function alertCaseReadings(options: { seed: number; start: number; faultySeconds: number; healthySeconds: number; spikeRatio: number }): AlertCaseRun {
  const { seed, start, faultySeconds, healthySeconds, spikeRatio } = options;
  const faulty = simulate(seed, start, faultySeconds, { stuckSensor: 2, silentSensor: 3, silentAfterSeconds: 60, spikeRatio });
  const plain = simulate(seed, start, faultySeconds, { silentSensor: 3, silentAfterSeconds: 60 });
  const spiked = faulty.filter((entry, index) => entry.reading.sensor_id !== 2 && entry.reading.temperature !== plain[index].reading.temperature).map((entry) => entry.reading);
  for (const entry of faulty) {
    const second = secondOf(entry.reading.timestamp) - secondOf(formatTimestamp(new Date(start)));
    if (entry.reading.sensor_id === 6 && (second === 100 || second === 101)) entry.reading.humidity = 130;
  }
  return { messages: [...faulty, ...simulate(seed, start + faultySeconds * 1000, healthySeconds, undefined)], spiked };
}

function simulate(seed: number, from: number, seconds: number, alertCases: AlertCaseOptions | undefined): AlertCaseRun['messages'] {
  const source = createMessageSource({ sensors: 10, partitions: 3, seed, invalidRatio: 0, startSecondOfDay: 36_000, now: () => from, simulatedTime: true, alertCases });
  const first = secondOf(formatTimestamp(new Date(from)));
  const out: AlertCaseRun['messages'] = [];
  // A silent sensor sends nothing: the run is counted in event time, not in messages.
  for (;;) {
    const message = source.next();
    const reading = JSON.parse(message.value) as SensorReading;
    if (secondOf(reading.timestamp) - first >= seconds) return out;
    out.push({ key: message.key.toString(), partition: message.partition, reading });
  }
}

function secondOf(timestamp: string): number {
  return Math.round(eventTimeOf(timestamp) / 1000);
}
