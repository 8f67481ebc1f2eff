/**
 * Event time as numbers: the schema's `YYYY-MM-DD HH:mm:ss` read as UTC
 * milliseconds and written back in the same form, so arithmetic on event time
 * (silences, raise times) round-trips to the text the readings carry. A batch
 * holds many readings of one second: the last text is kept with its value.
 */
export function createEventTimeParser(): (text: string) => number {
  let lastText = '';
  let lastMs = NaN;
  return (text) => {
    if (text !== lastText) {
      lastText = text;
      lastMs = parseEventTime(text);
    }
    return lastMs;
  };
}

/** NaN for a text that is not the schema's form (the ETL refuses such a reading; the rules skip it). */
export function parseEventTime(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return NaN;
  const [, year, month, day, hour, minute, second] = match;
  return Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
}

export function formatEventTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
