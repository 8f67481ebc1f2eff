import { isUtf8 } from 'node:buffer';
import { quoteValue } from '../errors/cut';
import { duplicateKey, topLevelKeys, topLevelMembers } from './jsonKeys';
import { readingColumns, SensorReading } from './reading';

/** Why a raw record is not a structurally valid reading; the consumer quarantines with it. */
export type StructureReason =
  | 'invalid_utf8' | 'unparseable' | 'not_an_object' | 'duplicate_field' | 'missing_field' | 'null_field' | 'out_of_double_range' | 'wrong_type' | 'empty_value'
  | 'control_character';

export type StructureCheck =
  | { ok: true; reading: SensorReading }
  | { ok: false; reason: StructureReason; detail: string; /** invalid_utf8: the bytes exactly as received. */ valueBase64?: string };

/**
 * The consumer's check, like Spark's `from_json` with a schema, but strict:
 * UTF-8 bytes only (no lossy decoding), one value per field (no duplicate
 * keys), numbers a double can hold, and all four fields present and non-null
 * with the right JSON types. Value rules (ranges, timestamp format) are the
 * ETL's job, so such readings pass here.
 */
export function checkStructure(raw: string | Buffer | null | undefined): StructureCheck {
  if (Buffer.isBuffer(raw)) {
    if (!isUtf8(raw)) return { ok: false, reason: 'invalid_utf8', detail: `the value (${raw.length} bytes) is not valid UTF-8; valueBase64 holds it as received`, valueBase64: raw.toString('base64') };
    return checkText(raw.toString('utf8'));
  }
  return checkText(raw);
}

function checkText(raw: string | null | undefined): StructureCheck {
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
    return { ok: false, reason: 'not_an_object', detail: `expected a JSON object, got ${jsonKind(value)}` };
  }
  const keys = topLevelKeys(raw);
  if (keys.length > Object.keys(value).length) {
    return { ok: false, reason: 'duplicate_field', detail: `field ${quoteValue(duplicateKey(keys))} appears more than once` };
  }
  return checkFields(value as Record<string, unknown>) ?? checkIntegerTokens(raw, value as Record<string, unknown>);
}

/** What a JSON value is, as a message names it: null is null (typeof says "object"). */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** An integer written as an integer, e.g. 119 (JSON has no +119 or 0119 anyway); 119.0 or 1.19e2 would be rewritten as 119 silently. */
const canonicalInteger = /^-?(0|[1-9]\d*)$/;
const numberToken = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;

/** Integer fields must be written in canonical form in the message itself, not only parse to an integer. */
function checkIntegerTokens(raw: string, record: Record<string, unknown>): StructureCheck {
  const members = topLevelMembers(raw);
  for (const column of readingColumns.filter((candidate) => candidate.kind === 'integer')) {
    const member = members.find((candidate) => candidate.key === column.name);
    const token = member ? numberToken.exec(raw.slice(member.valueAt))?.[0] : undefined;
    if (token !== undefined && !canonicalInteger.test(token)) {
      return { ok: false, reason: 'wrong_type', detail: `field "${column.name}" should be an integer in canonical form (e.g. ${String(record[column.name])}), got ${token}` };
    }
  }
  const { sensor_id, temperature, humidity, timestamp } = record as unknown as SensorReading;
  return { ok: true, reading: { sensor_id, temperature, humidity, timestamp } };
}

/** The first field that is missing, null, empty or of the wrong type; undefined when all four are right. */
function checkFields(record: Record<string, unknown>): StructureCheck | undefined {
  for (const column of readingColumns) {
    const value = record[column.name];
    if (!(column.name in record)) return { ok: false, reason: 'missing_field', detail: `field "${column.name}" is missing` };
    if (value === null) return { ok: false, reason: 'null_field', detail: `field "${column.name}" is null` };
    if (value === '') return { ok: false, reason: 'empty_value', detail: `field "${column.name}" is empty` };
    // JSON.parse turns 1e400 into Infinity; it is a number no double holds, not a wrong type.
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { ok: false, reason: 'out_of_double_range', detail: `field "${column.name}" is ${value < 0 ? 'below' : 'beyond'} the range of a double (±1.8e308)` };
    }
    if (!hasKind(value, column.kind)) {
      return { ok: false, reason: 'wrong_type', detail: `field "${column.name}" should be ${kindName[column.kind]}, got ${quoteValue(value)}` };
    }
    const control = typeof value === 'string' ? controlCharacter.exec(value) : null;
    if (control) {
      const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      return { ok: false, reason: 'control_character', detail: `field "${column.name}" holds the control character ${code} at position ${control.index}: no reading's text has one, and a line break would split its CSV row` };
    }
  }
  return undefined;
}

/** C0 controls (JSON's \\n \\r \\t \\u0000 …) and DEL; U+2028 and quotes are text, written quoted where CSV needs it. */
const controlCharacter = /[\u0000-\u001f\u007f]/;

const kindName = { integer: 'an integer', decimal: 'a number', timestamp: 'a string' } as const;

function hasKind(value: unknown, kind: keyof typeof kindName): boolean {
  if (kind === 'integer') return typeof value === 'number' && Number.isSafeInteger(value);
  if (kind === 'decimal') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string';
}
