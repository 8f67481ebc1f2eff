import { Field, FieldValueError } from '../config/field';
import { UsageError } from '../errors';
import { FlagFields, FlagValues } from './command';
import { didYouMean } from './suggest';

export interface ParsedArgs<Fields extends FlagFields> {
  flags: FlagValues<Fields>;
  args: string[];
  help: boolean;
}

/** `--rate-max` style kebab flags map to camelCase field names. */
export function flagName(fieldName: string): string {
  return `--${fieldName.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Parses `--name value`, `--name=value` and bare boolean flags against the
 * command's declared fields; an unknown flag or bad value is a UsageError
 * that names the flag, the value and the accepted forms.
 */
export function parseFlags<Fields extends FlagFields>(fields: Fields, argv: string[], command: string): ParsedArgs<Fields> {
  const byFlag = new Map(Object.keys(fields).map((name) => [flagName(name), name]));
  const raw = new Map<string, string>();
  const args: string[] = [];
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    if (token === '--help' || token === '-h') { help = true; continue; }
    if (!token.startsWith('--')) { args.push(token); continue; }
    const [flag, inline] = splitInline(token);
    const name = byFlag.get(flag);
    if (!name) throw unknownFlag(flag, [...byFlag.keys()], command);
    if (inline !== undefined) raw.set(name, inline);
    else if (isBoolean(fields[name])) raw.set(name, nextIsBooleanWord(argv[index + 1]) ? argv[++index] : 'true');
    else if (index + 1 < argv.length) raw.set(name, argv[++index]);
    else throw new UsageError(`Flag ${flag} needs a value (${fields[name].accepts}).`, { hint: `e.g. ${flag} ${fields[name].example}` });
  }
  return { flags: parseValues(fields, raw), args, help };
}

function unknownFlag(flag: string, known: string[], command: string): UsageError {
  const guess = didYouMean(flag, known, (match) => match);
  const seeHelp = `See \`iot ${command} --help\` for its flags.`;
  return new UsageError(`Unknown flag ${flag} for \`iot ${command}\`.`, { hint: guess ? `${guess} ${seeHelp}` : seeHelp });
}

function parseValues<Fields extends FlagFields>(fields: Fields, raw: Map<string, string>): FlagValues<Fields> {
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const given = raw.get(name);
    values[name] = given === undefined ? field.default : parseValue(name, field, given);
  }
  return values as FlagValues<Fields>;
}

function parseValue(name: string, field: Field<unknown>, given: string): unknown {
  try {
    return field.parse(given);
  } catch (error) {
    if (!(error instanceof FieldValueError)) throw error;
    const flag = flagName(name);
    throw new UsageError(`${flag} "${given}" is not valid: expected ${field.accepts}.`, { hint: `e.g. ${flag} ${field.example}` });
  }
}

function splitInline(token: string): [string, string | undefined] {
  const equals = token.indexOf('=');
  return equals === -1 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
}

export function isBoolean(field: Field<unknown>): boolean {
  return field.accepts.startsWith('true or false');
}

function nextIsBooleanWord(next: string | undefined): boolean {
  return next === 'true' || next === 'false';
}
