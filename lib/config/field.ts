/**
 * A setting declared as data, in the manner of Redpanda Connect: what it means,
 * its default, an example, and how a raw string becomes a typed value. The same
 * declaration serves environment variables (lib/config) and command-line flags
 * (lib/cli), and produces the docs in `.env.example` and `--help`.
 */
export interface Field<T> {
  description: string;
  /** The value when nothing is set; `undefined` means "unset is meaningful". */
  default: T | undefined;
  /** How the default reads in docs, when it is computed or not a plain value. */
  defaultText?: string;
  example: string;
  /** The accepted forms, quoted in error messages. */
  accepts: string;
  parse(raw: string): T;
}

/** Thrown by a parser; the caller adds which variable or flag it was. */
export class FieldValueError extends Error {}

type FieldInit<T> = Omit<Field<T>, 'parse' | 'accepts'> & { accepts?: string };

export function text(init: FieldInit<string>): Field<string> {
  return { accepts: 'any text', ...init, parse: (raw) => raw };
}

export function optionalText(init: FieldInit<string | undefined>): Field<string | undefined> {
  return { accepts: 'any text', ...init, parse: (raw) => (raw === '' ? undefined : raw) };
}

export function integer(init: FieldInit<number> & { min?: number; max?: number }): Field<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = init;
  return {
    accepts: max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`,
    ...init,
    parse(raw) {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) throw new FieldValueError();
      return value;
    },
  };
}

export function decimal(init: FieldInit<number> & { min?: number; max?: number }): Field<number> {
  const { min = -Infinity, max = Infinity } = init;
  return {
    accepts: max === Infinity ? `a number ≥ ${min}` : `a number from ${min} to ${max}`,
    ...init,
    parse(raw) {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) throw new FieldValueError();
      return value;
    },
  };
}

export function oneOf<T extends string>(init: FieldInit<T> & { values: readonly T[] }): Field<T> {
  return {
    accepts: `one of ${init.values.join(', ')}`,
    ...init,
    parse(raw) {
      if (!(init.values as readonly string[]).includes(raw)) throw new FieldValueError();
      return raw as T;
    },
  };
}

export function flag(init: FieldInit<boolean>): Field<boolean> {
  return {
    accepts: 'true or false (a bare flag means true)',
    ...init,
    parse(raw) {
      if (['true', '1', 'yes', ''].includes(raw)) return true;
      if (['false', '0', 'no'].includes(raw)) return false;
      throw new FieldValueError();
    },
  };
}

/** For settings whose accepted form is a custom shape (URLs, broker lists). */
export function custom<T>(init: FieldInit<T> & { accepts: string; parse(raw: string): T }): Field<T> {
  return init;
}
