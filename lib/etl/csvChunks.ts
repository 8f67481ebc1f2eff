import { closeSync, openSync, readSync } from 'node:fs';
import pl from 'nodejs-polars';
import { DataError } from '../errors';
import { countLineEnds } from '../files/lineEnds';
import { csvHeader, readingColumnNames } from '../schema';

/**
 * Bytes of CSV parsed at a time: about 115,000 readings. Peak memory follows
 * the chunk, not the file (polars needs ~100 MB per 8 MB chunk to validate);
 * each chunk also costs a few fixed milliseconds, so 4 MB loaded SQLite 6-8%
 * faster than 2 MB for ~30 MB more.
 */
export const chunkBytes = 4 * 1024 * 1024;

/** A fifth column catches a field beyond the fourth, so a ragged row is seen instead of silently truncated. */
export const extraFieldsColumn = 'extra_fields';

/** Every column as text: "abc" in temperature must become a rule violation with its line number, not a parse error. */
const schema = Object.fromEntries([...readingColumnNames, extraFieldsColumn].map((name) => [name, pl.Utf8]));

export interface CsvChunk {
  /** The text columns of the reading plus extra_fields. */
  frame: pl.DataFrame;
  /** The file's line number of the chunk's first row. */
  firstLine: number;
  /** Bytes of the file read up to the chunk's last line end: what a progress line counts. */
  endByte: number;
}

/**
 * The data rows of an archived CSV (after a header checked by
 * checkArchiveCsv), parsed by polars a chunk of whole lines at a time.
 * nodejs-polars 0.24 has no batched CSV reader, and a lazy scan with a slice
 * re-reads the file from its start for every chunk; so we cut the bytes at
 * line ends (outside quotes) and let polars parse each slice.
 */
export function* readingChunks(file: string, headerBytes: number, bytesPerChunk = chunkBytes): Generator<CsvChunk> {
  const fd = openSync(file, 'r');
  try {
    let position = headerBytes;
    let carry = Buffer.alloc(0);
    let line = 2;
    for (;;) {
      const block = Buffer.allocUnsafe(bytesPerChunk);
      const read = readSync(fd, block, 0, block.length, position);
      position += read;
      const buffer = carry.length > 0 ? Buffer.concat([carry, block.subarray(0, read)]) : block.subarray(0, read);
      const end = read === 0 ? buffer.length : lastLineEnd(buffer);
      if (end <= 0 && read > 0) { carry = buffer; continue; } // one line longer than a chunk: read on
      // Empty lines at the very end of the file (an editor's or a shell's extra newline) are not rows.
      const atEnd = read < bytesPerChunk;
      const bytes = atEnd ? withoutTrailingEmptyLines(buffer.subarray(0, end)) : buffer.subarray(0, end);
      carry = Buffer.from(buffer.subarray(end));
      if (bytes.length > 0) {
        yield { frame: parse(file, bytes, line), firstLine: line, endByte: position - carry.length };
        line += countLines(bytes);
      }
      if (read === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

function parse(file: string, bytes: Buffer, line: number): pl.DataFrame {
  try {
    return pl.readCSV(bytes, { hasHeader: false, schema, raiseIfEmpty: false });
  } catch (error) {
    throw new DataError(`${file} is not a readable CSV file from line ${line} on: ${(error as Error).message}`, {
      code: 'ETL_CSV_UNREADABLE',
      hint: `Check the file near that line; archived files hold UTF-8 rows of ${csvHeader}.`,
    });
  }
}

/** The bytes without the empty lines (\n or \r\n only) they end with; the last row keeps its own newline. */
function withoutTrailingEmptyLines(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return bytes.subarray(0, end);
}

/** Offset just past the last newline that is not inside a quoted field; 0 when there is none. */
export function lastLineEnd(buffer: Buffer): number {
  if (buffer.indexOf(0x22) === -1) return buffer.lastIndexOf(0x0a) + 1;
  let inQuotes = false;
  let end = 0;
  for (let index = 0; index < buffer.length; index++) {
    const byte = buffer[index];
    if (byte === 0x22) inQuotes = !inQuotes;
    else if (byte === 0x0a && !inQuotes) end = index + 1;
  }
  return end;
}

function countLines(bytes: Buffer): number {
  const lines = countLineEnds(bytes);
  return bytes[bytes.length - 1] === 0x0a ? lines : lines + 1;
}
