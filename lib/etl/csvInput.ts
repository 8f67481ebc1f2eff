import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { DataError, quoteValue } from '../errors';
import { OutputKind, readingsOutput } from '../schema';

const what: Record<OutputKind['name'], string> = { readings: 'sensor readings', windows: 'window rows', alerts: 'alert events' };
const expectedOf = (kind: OutputKind) => `a CSV file (.csv) of ${what[kind.name]} whose first line is the header ${kind.header}, as \`iot merge\` archives them`;
const exampleOf = (kind: OutputKind) => `e.g. data/backup/${kind.archivePrefix}_20260101_120000.csv; \`iot etl\` without FILE loads the oldest archive not loaded yet`;

/**
 * Refuses, before anything is read into memory, a path that is not a CSV of
 * our header, saying what the ETL expects; a UTF-8 BOM before the header is
 * accepted. Returns the header's length in bytes (BOM and line ending
 * included), where the data rows start.
 */
export function checkArchiveCsv(file: string, kind: OutputKind = readingsOutput): number {
  const expected = expectedOf(kind);
  const example = exampleOf(kind);
  if (!existsSync(file)) throw new DataError(`${file} does not exist.`, { code: 'ETL_FILE_MISSING', hint: `Pass ${example}, or run \`iot merge\` first.` });
  if (!statSync(file).isFile()) throw new DataError(`${file} is not a file: the ETL expects ${expected}.`, { code: 'ETL_NOT_A_CSV', hint: `Pass ${example}.` });
  if (!/\.csv$/i.test(file)) throw new DataError(`${file} is not a .csv file: the ETL expects ${expected}.`, { code: 'ETL_NOT_A_CSV', hint: `Pass ${example}.` });
  const first = firstLine(file);
  // Excel and Notepad save "UTF-8" with a byte order mark: it is no part of the header, and the data rows start after the line as before.
  const bom = first?.text.startsWith(byteOrderMark) === true;
  const header = first?.text.slice(bom ? byteOrderMark.length : 0).replace(/\r$/, '');
  if (first === undefined || header !== kind.header) {
    const seen = first === undefined ? 'it is empty' : `its first line is ${quoteValue(first.text)}${bom ? ' (after a UTF-8 byte order mark, BOM, which is allowed)' : ''}`;
    throw new DataError(`${file} is not a CSV of ${what[kind.name]}: ${seen}; the ETL expects ${expected}.`, { code: 'ETL_CSV_COLUMNS', hint: `The header must be exactly ${kind.header}.` });
  }
  return first.bytes;
}

const byteOrderMark = '\uFEFF';

/** The first line of a file (at most 64 KiB of it) and its length with the newline, without reading the rest. */
function firstLine(file: string): { text: string; bytes: number } | undefined {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    if (read === 0) return undefined;
    const end = buffer.subarray(0, read).indexOf(0x0a);
    const line = end === -1 ? buffer.subarray(0, read) : buffer.subarray(0, end);
    return { text: line.toString('utf8'), bytes: end === -1 ? read : end + 1 };
  } finally {
    closeSync(fd);
  }
}
