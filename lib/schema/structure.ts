import { isUtf8 } from 'node:buffer';
import { quoteValue } from '../errors/cut';
import { duplicateKey, forEachTopLevelMember, memberNameIs, topLevelKeys } from './jsonKeys';
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
  if (raw === null || raw === undefined) return { ok: false, reason: 'empty_value', detail: 'the message has no value' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // No blank text is JSON, so blankness is looked for only here, sparing every good record a trimmed copy.
    if (raw.trim() === '') return { ok: false, reason: 'empty_value', detail: 'the message has no value' };
    return { ok: false, reason: 'unparseable', detail: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_an_object', detail: `expected a JSON object, got ${jsonKind(value)}` };
  }
  const { members, integerValueAt } = scanMembers(raw);
  // More members in the text than in the parsed object: a name came twice. Naming it takes every name's string, so only then.
  if (members > Object.keys(value).length) {
    return { ok: false, reason: 'duplicate_field', detail: `field ${quoteValue(duplicateKey(topLevelKeys(raw)))} appears more than once` };
  }
  return checkFields(value as Record<string, unknown>) ?? checkIntegerTokens(raw, integerValueAt, value as Record<string, unknown>);
}

/** What a JSON value is, as a message names it: null is null (typeof says "object"). */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** Computed once: the check runs per record. */
const integerColumns = readingColumns.filter((column) => column.kind === 'integer').map((column) => column.name);

/**
 * One pass over the text for what JSON.parse does not tell: how many members
 * its top level has (duplicates included) and where each integer column's
 * value starts (-1 when absent).
 */
function scanMembers(raw: string): { members: number; integerValueAt: number[] } {
  const integerValueAt = integerColumns.map(() => -1);
  const members = forEachTopLevelMember(raw, (nameAt, nameEnd, escaped, valueAt) => {
    for (let column = 0; column < integerColumns.length; column++) {
      if (memberNameIs(raw, nameAt, nameEnd, escaped, integerColumns[column])) integerValueAt[column] = valueAt;
    }
  });
  return { members, integerValueAt };
}

/** The whole number token, for the message only. */
const numberToken = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;

/** Integer fields must be written in canonical form in the message itself, not only parse to an integer. `valueAt[i]`: where integerColumns[i]'s value starts in `raw`. */
function checkIntegerTokens(raw: string, valueAt: readonly number[], record: Record<string, unknown>): StructureCheck {
  for (let column = 0; column < integerColumns.length; column++) {
    if (!isCanonicalIntegerAt(raw, valueAt[column])) {
      const name = integerColumns[column];
      const token = numberToken.exec(raw.slice(valueAt[column]))?.[0];
      return { ok: false, reason: 'wrong_type', detail: `field "${name}" should be an integer in canonical form (e.g. ${String(record[name])}), got ${token}` };
    }
  }
  const { sensor_id, temperature, humidity, timestamp } = record as unknown as SensorReading;
  return { ok: true, reading: { sensor_id, temperature, humidity, timestamp } };
}

/**
 * Whether the number at `at` is an integer written as one, e.g. 119: 119.0 or
 * 1.19e2 would be rewritten as 119 silently. JSON has no +119 or 0119, so a
 * fraction or an exponent is the only way to miss; checked in place, per record.
 */
function isCanonicalIntegerAt(text: string, at: number): boolean {
  let index = text.charCodeAt(at) === minus ? at + 1 : at;
  while (isDigit(text.charCodeAt(index))) index++;
  const next = text.charCodeAt(index);
  return next !== dot && next !== lowerE && next !== upperE;
}

const [minus, dot, lowerE, upperE, zero, nine] = ['-', '.', 'e', 'E', '0', '9'].map((c) => c.charCodeAt(0));

function isDigit(char: number): boolean {
  return char >= zero && char <= nine;
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
