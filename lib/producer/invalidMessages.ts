import { readingColumnNames, ranges, SensorReading } from '../schema';
import { Random } from './seededRandom';

/** The bad kinds a consumer must survive; the first four fail its structure check, the next two the ETL's rules. */
export const invalidKinds = ['unparseable', 'missing_field', 'wrong_type', 'bad_timestamp', 'out_of_range', 'empty_value'] as const;
export type InvalidKind = (typeof invalidKinds)[number];

/** The message value (JSON text, or '' for an empty message) of one bad reading of `kind`, made from a good one. */
export function invalidValue(kind: InvalidKind, reading: SensorReading, random: Random): string {
  return makers[kind](reading, random);
}

const makers: Record<InvalidKind, (reading: SensorReading, random: Random) => string> = {
  // A message cut short in transit: never valid JSON, since the closing brace is gone.
  unparseable: (reading, random) => {
    const text = JSON.stringify(reading);
    return text.slice(0, 1 + random.below(text.length - 2));
  },
  missing_field: (reading, random) => {
    const record: Partial<SensorReading> = { ...reading };
    delete record[pick(readingColumnNames, random)];
    return JSON.stringify(record);
  },
  wrong_type: (reading, random) => {
    const column = pick(readingColumnNames, random);
    const wrong = column === 'sensor_id' ? `sensor-${reading.sensor_id}` : column === 'timestamp' ? epochSeconds(reading.timestamp) : String(reading[column]);
    return JSON.stringify({ ...reading, [column]: wrong });
  },
  // Forms real firmware sends: ISO with a zone, day-first, an impossible date, free text.
  bad_timestamp: (reading, random) => {
    const [date, time] = reading.timestamp.split(' ');
    const [year, month, day] = date.split('-');
    const forms = [`${date}T${time}Z`, `${day}/${month}/${year} ${time}`, `${year}-02-30 ${time}`, `${date} 25:61:00`, 'not a time'];
    return JSON.stringify({ ...reading, timestamp: pick(forms, random) });
  },
  out_of_range: (reading, random) => {
    const column = random.next() < 0.5 ? 'temperature' : 'humidity';
    const { min, max } = ranges[column];
    const value = random.next() < 0.5 ? max + random.between(1, 200) : min - random.between(1, 100);
    return JSON.stringify({ ...reading, [column]: Math.round(value * 100) / 100 });
  },
  // Both forms a consumer meets: a message with no body, and a field sent empty.
  empty_value: (reading, random) => (random.next() < 0.5 ? '' : JSON.stringify({ ...reading, [pick(readingColumnNames, random)]: '' })),
};

function pick<T>(values: readonly T[], random: Random): T {
  return values[random.below(values.length)];
}

/** The same moment as a Unix time number: a type error firmware really makes. */
function epochSeconds(timestamp: string): number {
  return Math.floor(Date.parse(timestamp.replace(' ', 'T')) / 1000);
}
