import { AtomicFileWriter } from '../checkpoint';

const chunkBytes = 1 << 20;

/**
 * Line-oriented text streamed to an atomic file opened on the first line:
 * each line is encoded at once into one reused 1 MB buffer, written out
 * whenever it fills. A batch of any size costs the same memory, no line
 * outlives its record, and the write path does one system call per
 * megabyte. An empty batch leaves no file.
 */
export class ChunkedTextFile {
  private file: AtomicFileWriter | undefined;
  private readonly chunk = Buffer.allocUnsafe(chunkBytes);
  private used = 0;
  lines = 0;

  constructor(readonly path: string, private readonly header?: string) {}

  addLine(line: string): void {
    if (!this.file) {
      this.file = new AtomicFileWriter(this.path);
      if (this.header !== undefined) this.append(this.header);
    }
    this.append(line);
    this.lines++;
  }

  finish(): { path: string; rows: number; bytes: number } | undefined {
    if (!this.file) return undefined;
    this.flush();
    this.file.commit();
    return { path: this.path, rows: this.lines, bytes: this.file.bytes };
  }

  abort(): void {
    this.file?.abort();
    this.file = undefined;
  }

  private append(line: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; a line longer than the chunk goes out on its own.
    if (this.used + line.length * 3 + 1 > chunkBytes) {
      this.flush();
      if (line.length * 3 + 1 > chunkBytes) {
        this.file!.write(line + '\n');
        return;
      }
    }
    this.used += this.chunk.write(line, this.used, 'utf8');
    this.chunk[this.used++] = 0x0a;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.file!.write(this.chunk.subarray(0, this.used));
    this.used = 0;
  }
}
