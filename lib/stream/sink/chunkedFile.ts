import { AtomicFileWriter } from '../checkpoint';

const chunkChars = 1 << 20;

/**
 * Line-oriented text written in ~1 MB chunks to an atomic file opened on the
 * first line: an empty batch leaves no file, and the write path does one
 * system call per megabyte rather than per record.
 */
export class ChunkedTextFile {
  private file: AtomicFileWriter | undefined;
  private chunk = '';
  lines = 0;

  constructor(readonly path: string, private readonly header?: string) {}

  addLine(line: string): void {
    if (!this.file) {
      this.file = new AtomicFileWriter(this.path);
      if (this.header !== undefined) this.chunk = this.header + '\n';
    }
    this.chunk += line + '\n';
    this.lines++;
    if (this.chunk.length >= chunkChars) this.flush();
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

  private flush(): void {
    if (this.chunk.length === 0) return;
    this.file!.write(this.chunk);
    this.chunk = '';
  }
}
