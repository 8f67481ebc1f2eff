import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { compareRows, copyLine, emptyKey, lineEnd, readCheckedKey, RowKey } from './rowOrder';

/**
 * Merges sorted runs of plain CSV lines (plainCsvRuns.ts) into the open file
 * `out`: each run is read once, in 64 KiB chunks, and lines are copied as
 * bytes, so memory stays small whatever the rows. Equal keys keep run order,
 * and runs are in part order, so ties keep part order, as one stable sort of
 * all the parts does.
 */
export function kWayMerge(runPaths: string[], out: number, onWritten?: (bytes: number) => void): void {
  const readers = runPaths.map((path, index) => new RunReader(path, index));
  const heap = readers.filter((run) => run.next());
  const writer = new ChunkedWriter(out, onWritten);
  try {
    for (let at = (heap.length >> 1) - 1; at >= 0; at--) siftDown(heap, at);
    while (heap.length > 0) {
      heap[0].copyLineTo(writer);
      if (!heap[0].next()) {
        // That run is done: its place goes to the last run, which then sinks to where it belongs.
        heap[0] = heap[heap.length - 1];
        heap.pop();
      }
      siftDown(heap, 0);
    }
    writer.flush();
  } finally {
    for (const run of readers) run.close();
  }
}

function siftDown(heap: RunReader[], at: number): void {
  for (;;) {
    const left = 2 * at + 1;
    if (left >= heap.length) return;
    const child = left + 1 < heap.length && before(heap[left + 1], heap[left]) ? left + 1 : left;
    if (!before(heap[child], heap[at])) return;
    [heap[at], heap[child]] = [heap[child], heap[at]];
    at = child;
  }
}

function before(a: RunReader, b: RunReader): boolean {
  const order = compareRows(a.key, b.key);
  return order !== 0 ? order < 0 : a.index < b.index;
}

/** Per run: 24 runs of 64 KiB hold 1.5 MiB, where 1 MiB chunks held 24. */
const chunkSize = 1 << 16;

/** One sorted run, a line at a time, with its key; the current line stays in `chunk` until the next call. */
class RunReader {
  readonly key: RowKey = emptyKey();
  private readonly fd: number;
  private chunk = Buffer.allocUnsafe(chunkSize);
  private filled = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private closed = false;

  constructor(path: string, readonly index: number) {
    this.fd = openSync(path, 'r');
  }

  /** Moves to the next line; false (and closed) at the end of the run. */
  next(): boolean {
    const start = this.lineEnd;
    let end = lineEnd(this.chunk, start, this.filled);
    if (end === -1) end = this.refill(start);
    if (end === -1) return false;
    // refill moved the line to the front (lineEnd 0) when it was cut by the chunk's end.
    this.lineStart = this.lineEnd;
    readCheckedKey(this.chunk, this.lineStart, end, this.key);
    this.lineEnd = end + 1;
    return true;
  }

  copyLineTo(writer: ChunkedWriter): void {
    writer.write(this.chunk, this.lineStart, this.lineEnd);
  }

  close(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
  }

  /** Moves the unread bytes to the front and reads more; the `\n` ending the next line, or -1 at the end. */
  private refill(from: number): number {
    const rest = this.filled - from;
    this.chunk.copy(this.chunk, 0, from, this.filled);
    this.filled = rest;
    this.lineEnd = 0;
    for (;;) {
      const end = this.chunk.subarray(0, this.filled).indexOf(10);
      if (end !== -1) return end;
      if (this.filled === this.chunk.length) this.chunk = Buffer.concat([this.chunk, Buffer.allocUnsafe(chunkSize)]);
      const length = this.closed ? 0 : readSync(this.fd, this.chunk, this.filled, this.chunk.length - this.filled, null);
      if (length === 0) {
        this.close();
        return -1;
      }
      this.filled += length;
    }
  }
}

/** Lines gathered into 64 KiB writes. */
class ChunkedWriter {
  private readonly buffer = Buffer.allocUnsafe(chunkSize);
  private length = 0;
  private written = 0;

  /** `onWritten` hears the bytes written so far after each 64 KiB write (a progress line). */
  constructor(private readonly fd: number, private readonly onWritten?: (bytes: number) => void) {}

  write(bytes: Buffer, start: number, end: number): void {
    if (this.length + end - start > this.buffer.length) this.flush();
    if (end - start > this.buffer.length) return this.writeAll(bytes.subarray(start, end));
    this.length += copyLine(bytes, start, end, this.buffer, this.length);
  }

  flush(): void {
    this.writeAll(this.buffer.subarray(0, this.length));
    this.written += this.length;
    this.length = 0;
    this.onWritten?.(this.written);
  }

  private writeAll(data: Buffer): void {
    for (let offset = 0; offset < data.length; ) offset += writeSync(this.fd, data, offset, data.length - offset);
  }
}
