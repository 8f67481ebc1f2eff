import { readingColumns, SensorReading } from './reading';

/** Why a raw record is not a structurally valid reading; the consumer quarantines with it. */
export type StructureReason = 'unparseable' | 'not_an_object' | 'missing_field' | 'null_field' | 'wrong_type' | 'empty_value';

export type StructureCheck =
  | { ok: true; reading: SensorReading }
  | { ok: false; reason: StructureReason; detail: string };

/**
 * The consumer's check, like Spark's `from_json` with a schema: all four
 * fields present and non-null with the right JSON types. Value rules (ranges,
 * timestamp format) are the ETL's job, so such readings pass here.
 */
export function checkStructure(raw: string | null | undefined): StructureCheck {
  if (raw === null || raw === undefined || raw.trim() === '') {
    return { ok: false, reason: 'empty_value', detail: 'the message has no value' };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: 'unparseable', detail: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_an_object', detail: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` };
  }
  return checkFields(value as Record<string, unknown>);
}

function checkFields(record: Record<string, unknown>): StructureCheck {
  for (const column of readingColumns) {
    const value = record[column.name];
    if (!(column.name in record)) return { ok: false, reason: 'missing_field', detail: `field "${column.name}" is missing` };
    if (value === null) return { ok: false, reason: 'null_field', detail: `field "${column.name}" is null` };
    if (value === '') return { ok: false, reason: 'empty_value', detail: `field "${column.name}" is empty` };
    if (!hasKind(value, column.kind)) {
      return { ok: false, reason: 'wrong_type', detail: `field "${column.name}" should be ${kindName[column.kind]}, got ${JSON.stringify(value)}` };
    }
  }
  const { sensor_id, temperature, humidity, timestamp } = record as unknown as SensorReading;
  return { ok: true, reading: { sensor_id, temperature, humidity, timestamp } };
}

const kindName = { integer: 'an integer', decimal: 'a number', timestamp: 'a string' } as const;

function hasKind(value: unknown, kind: keyof typeof kindName): boolean {
  if (kind === 'integer') return typeof value === 'number' && Number.isSafeInteger(value);
  if (kind === 'decimal') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string';
}
