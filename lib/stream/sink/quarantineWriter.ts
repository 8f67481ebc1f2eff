import { StructureReason } from '../../schema';
import { ChunkedTextFile } from './chunkedFile';
import { WrittenFile } from './partWriter';

/** One quarantined record: where it was, what it held, and why it was refused. */
export interface QuarantinedRecord {
  partition: number;
  offset: number;
  /** The message value as UTF-8 text; null when the message had none or it is not UTF-8. */
  value: string | null;
  /** invalid_utf8 only: the value's bytes as received, base64-encoded, so nothing is lost to lossy decoding. */
  valueBase64?: string;
  /** Why: a structural fault, or duplicate_reading (--dedupe: the same reading seen within the watermark). */
  reason: StructureReason | 'duplicate_reading';
  detail: string;
  kafkaTimestamp: string;
}

/** JSON lines in DATA_DIR/quarantine, one file per batch that refused anything, written atomically like part files. */
export class QuarantineWriter {
  private readonly file: ChunkedTextFile;

  constructor(path: string) {
    this.file = new ChunkedTextFile(path);
  }

  add(record: QuarantinedRecord): void {
    this.file.addLine(JSON.stringify(record));
  }

  get rows(): number {
    return this.file.lines;
  }

  finish(): WrittenFile | undefined {
    return this.file.finish();
  }

  abort(): void {
    this.file.abort();
  }
}
