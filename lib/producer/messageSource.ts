import { SensorReading } from '../schema';
import { AlertCaseOptions, createAlertCases } from './alertCases';
import { invalidKinds, InvalidKind, invalidValue } from './invalidMessages';
import { partitionForKey } from './keyPartition';
import { readingJson } from './readingJson';
import { createSensorFleet } from './sensorModel';
import { createRandom } from './seededRandom';
import { createEventTimestamp, EventTiming, onTime } from './eventTiming';

/** `duplicate`: a valid reading sent a second time (--duplicate-ratio); a consumer with --dedupe quarantines it. */
export type MessageKind = 'valid' | 'duplicate' | InvalidKind;
export const messageKinds: readonly MessageKind[] = ['valid', 'duplicate', ...invalidKinds];

/**
 * A message to produce (key = sensor_id) that remembers what kind it is and
 * the partition Java's default partitioner gives its key (the producer's
 * partitioner picks the same; the sender uses it to keep one batch in flight
 * per partition).
 */
export interface OutgoingMessage {
  key: Buffer;
  value: string;
  partition: number;
  kind: MessageKind;
}

export interface MessageSourceOptions {
  sensors: number;
  partitions: number;
  seed: number;
  invalidRatio: number;
  /** Where in the day model time starts (seconds since local midnight). */
  startSecondOfDay: number;
  now?: () => number;
  /** Out-of-order and late event times (--out-of-order, --late-ratio); default: stamped with the send time. */
  timing?: EventTiming;
  /** --duplicate-ratio: this share of valid readings is sent twice in a row. */
  duplicateRatio?: number;
  /** Stamp readings one second of event time per round of all sensors from the start, however fast they are sent. */
  simulatedTime?: boolean;
  /** Stuck, silent and spiking sensors for the alert rules. */
  alertCases?: AlertCaseOptions;
}

export interface MessageSource {
  next(): OutgoingMessage;
}

/**
 * The stream of messages a fleet of sensors sends: readings in turn, sensor
 * 1, 2, …, K, 1, …, each serialised once, a share `invalidRatio` of them
 * replaced by one of the bad kinds. Sensor values and bad-kind choices come
 * from separate streams of one seed, so both are reproducible.
 */
export function createMessageSource(options: MessageSourceOptions): MessageSource {
  const root = createRandom(options.seed);
  const fleet = createSensorFleet(options.sensors, root.fork(), options.startSecondOfDay);
  const faults = root.fork();
  // Forked after the others, so a seed gives the same sensor values and faults with or without these flags.
  const timing = root.fork();
  const cases = options.alertCases && createAlertCases(options.alertCases, root.fork());
  const wall = options.now ?? Date.now;
  const started = wall();
  let round = 0;
  const clock = options.simulatedTime ? () => started + round * 1000 : wall;
  // The event time of the reading being built, read before the turn moves to the next round.
  let eventMs = started;
  const timestamp = createEventTimestamp(options.timing ?? onTime, timing, () => eventMs);
  const duplicateRatio = options.duplicateRatio ?? 0;
  let repeat: OutgoingMessage | undefined;
  const keys = Array.from({ length: options.sensors }, (_, index) => Buffer.from(String(index + 1)));
  const partitions = keys.map((key) => partitionForKey(key, options.partitions));
  let turn = 0;
  return {
    next() {
      if (repeat) {
        const again = repeat;
        repeat = undefined;
        return again;
      }
      let index: number;
      let measurement: ReturnType<typeof fleet.read> | undefined;
      do {
        index = turn;
        eventMs = clock();
        if (turn + 1 === options.sensors) { turn = 0; round++; } else turn++;
        measurement = fleet.read(index);
        if (cases) measurement = cases.apply(measurement, eventMs);
      } while (!measurement);
      const { sensor_id, temperature, humidity } = measurement;
      // A literal, not `{ ...measurement, timestamp }`: V8 took about 1.7 µs to copy a spread, half a message's cost.
      const reading: SensorReading = { sensor_id, temperature, humidity, timestamp: timestamp() };
      const kind = options.invalidRatio > 0 && faults.next() < options.invalidRatio ? invalidKinds[faults.below(invalidKinds.length)] : 'valid';
      const text = kind === 'valid' ? readingJson(reading) : invalidValue(kind, reading, faults);
      const message: OutgoingMessage = { key: keys[index], value: text, partition: partitions[index], kind };
      if (duplicateRatio > 0 && kind === 'valid' && timing.next() < duplicateRatio) repeat = { ...message, kind: 'duplicate' };
      return message;
    },
  };
}
