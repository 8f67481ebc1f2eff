/** The longest value an error message quotes; a 5 MB field stays a readable line. */
export const quotedValueMax = 200;
/** The longest ETL_Log.error_message: a report of every rule fits, a runaway one does not fill the table. */
export const errorMessageMax = 4_000;

/**
 * `text` cut to `max` characters, the cut marked with how much was left out,
 * e.g. `aaaa… (+5242680 characters cut)`. Text within bounds comes back as is.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const mark = `… (+${text.length - max} characters cut)`;
  return text.slice(0, Math.max(0, max - mark.length)) + mark;
}

/** A value as an error message quotes it: JSON-quoted, at most quotedValueMax characters of it. */
export function quoteValue(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : String(JSON.stringify(value));
  if (typeof value !== 'string') return cutText(text, quotedValueMax);
  return text.length <= quotedValueMax ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, quotedValueMax))}… (+${text.length - quotedValueMax} characters cut)`;
}
