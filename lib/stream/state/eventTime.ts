/**
 * A reading's `timestamp` (YYYY-MM-DD HH:mm:ss, UTC) as epoch milliseconds,
 * or NaN when it is not a real time of that form (the ETL rejects those;
 * they reach no window). Hot path: character codes and arithmetic, no
 * regular expression, no Date.
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
  return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): Date.UTC without its cost. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
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
