import { readingColumnNames, SensorReading } from '../schema';
import { invalidKinds, InvalidKind, invalidValue } from './invalidMessages';
import { partitionForKey } from './keyPartition';
import { createSensorFleet } from './sensorModel';
import { createRandom } from './seededRandom';
import { createSendTimestamp } from './sendTimestamp';

export type MessageKind = 'valid' | InvalidKind;
export const messageKinds: readonly MessageKind[] = ['valid', ...invalidKinds];

/** A message ready for kafkajs (key = sensor_id, partition fixed) that remembers what kind it is. */
export interface OutgoingMessage {
  key: Buffer;
  value: Buffer;
  partition: number;
  kind: MessageKind;
}

export interface MessageSourceOptions {
  topic: string;
  sensors: number;
  partitions: number;
  seed: number;
  invalidRatio: number;
  /** Where in the day model time starts (seconds since local midnight). */
  startSecondOfDay: number;
  now?: () => number;
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
  const timestamp = createSendTimestamp(options.now);
  const keys = Array.from({ length: options.sensors }, (_, index) => Buffer.from(String(index + 1)));
  const partitions = keys.map((key) => partitionForKey(options.topic, key, options.partitions));
  let turn = 0;
  return {
    next() {
      const index = turn;
      turn = turn + 1 === options.sensors ? 0 : turn + 1;
      const reading = toReading({ ...fleet.read(index), timestamp: timestamp() });
      const kind = options.invalidRatio > 0 && faults.next() < options.invalidRatio ? invalidKinds[faults.below(invalidKinds.length)] : 'valid';
      const text = kind === 'valid' ? JSON.stringify(reading) : invalidValue(kind, reading, faults);
      return { key: keys[index], value: Buffer.from(text), partition: partitions[index], kind };
    },
  };
}

/** Fields in the schema's column order, so every message reads the same way. */
function toReading(values: SensorReading): SensorReading {
  const reading = {} as Record<keyof SensorReading, unknown>;
  for (const column of readingColumnNames) reading[column] = values[column];
  return reading as SensorReading;
}
