/**
 * A reading's `timestamp` (YYYY-MM-DD HH:mm:ss, UTC) as epoch milliseconds,
 * or NaN when it is not a real time of that form (the ETL rejects those;
 * they reach no window). Hot path: character codes, no regular expression,
 * no Date object.
 */
export function eventTimeOf(timestamp: string): number {
  if (timestamp.length !== 19) return NaN;
  const year = digits(timestamp, 0, 4);
  const month = digits(timestamp, 5, 2);
  const day = digits(timestamp, 8, 2);
  const hour = digits(timestamp, 11, 2);
  const minute = digits(timestamp, 14, 2);
  const second = digits(timestamp, 17, 2);
  if (timestamp.charCodeAt(4) !== 45 || timestamp.charCodeAt(7) !== 45 || timestamp.charCodeAt(10) !== 32 || timestamp.charCodeAt(13) !== 58 || timestamp.charCodeAt(16) !== 58) return NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Epoch milliseconds in the schema's timestamp form, UTC. */
export function formatEventTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let index = from; index < from + count; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return NaN;
    value = value * 10 + code;
  }
  return value;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
