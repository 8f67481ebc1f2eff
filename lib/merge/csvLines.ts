import { closeSync, openSync, readSync } from 'node:fs';
import { countLineEnds } from '../files/lineEnds';

export interface CsvLines {
  /** `\n` bytes in the file. */
  lines: number;
  /** The file's first bytes (up to 4 KiB), for a header check. */
  head: Buffer;
  /** The last byte, 10 when the file ends with a line end; -1 when it is empty. */
  last: number;
  /** Whether a `"` or `\r` occurs: without one, every `\n` ends a CSV record. */
  quotesOrReturns: boolean;
}

/** One pass over a file in 1 MiB reads, whatever its size. */
export function csvLines(path: string): CsvLines {
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  const stats: CsvLines = { lines: 0, head: Buffer.alloc(0), last: -1, quotesOrReturns: false };
  try {
    for (let position = 0; ; ) {
      const length = readSync(fd, buffer, 0, buffer.length, position);
      if (length === 0) break;
      const chunk = buffer.subarray(0, length);
      if (position === 0) stats.head = Buffer.from(chunk.subarray(0, 4096));
      stats.lines += countLineEnds(chunk);
      if (!stats.quotesOrReturns) stats.quotesOrReturns = chunk.includes(34) || chunk.includes(13);
      stats.last = chunk[length - 1];
      position += length;
    }
  } finally {
    closeSync(fd);
  }
  return stats;
}
