import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OffsetsEntry, SinkEntry, SinkFile, removeTempFiles } from '../checkpoint';
import { safeReaddir } from '../checkpoint/atomicFile';
import { CsvPartWriter } from './csvPartWriter';
import { PartWriter } from './partWriter';
import { batchFilePrefix, partFileName } from './partName';
import { QuarantineWriter } from './quarantineWriter';
import { checkStructure, SensorReading } from '../../schema';

export interface SinkPaths {
  /** DATA_DIR: file log paths are relative to it. */
  data: string;
  output: string;
  quarantine: string;
  /** output/alerts: the alert events' part files. */
  alerts?: string;
}

/**
 * Everything one batch writes: valid readings to its part file, refused
 * records to its quarantine file. Files appear only in `finish`, each
 * atomically, under names fixed by the batch's planned offsets.
 */
export class BatchWriter {
  private readonly part: PartWriter;
  private readonly quarantine: QuarantineWriter;
  rowsWritten = 0;

  /** `observe` sees every valid reading, in partition order (the stream's stateful operators). */
  constructor(private readonly paths: SinkPaths, private readonly entry: OffsetsEntry, private readonly observe?: (reading: SensorReading) => void) {
    mkdirSync(paths.output, { recursive: true });
    mkdirSync(paths.quarantine, { recursive: true });
    const partPath = join(paths.output, partFileName(entry, entry.format));
    this.part = entry.format === 'parquet' ? parquetWriter(partPath) : new CsvPartWriter(partPath);
    this.quarantine = new QuarantineWriter(join(paths.quarantine, partFileName(entry, 'jsonl')));
  }

  /** Hot path: one call per record. `value` as bytes lets the check refuse what is not UTF-8 instead of decoding it lossily. */
  accept(partition: number, offset: number, value: string | Buffer | null, timestamp: number): void {
    const check = checkStructure(value);
    if (check.ok) {
      this.part.add(check.reading);
      this.rowsWritten++;
      this.observe?.(check.reading);
      return;
    }
    const kafkaTimestamp = new Date(timestamp).toISOString();
    const text = check.valueBase64 !== undefined ? null : Buffer.isBuffer(value) ? value.toString('utf8') : value;
    this.quarantine.add({ partition, offset, value: text, ...(check.valueBase64 !== undefined ? { valueBase64: check.valueBase64 } : {}), reason: check.reason, detail: check.detail, kafkaTimestamp });
  }

  get rowsQuarantined(): number {
    return this.quarantine.rows;
  }

  async finish(): Promise<SinkEntry> {
    const files: SinkFile[] = [];
    const part = await this.part.finish();
    if (part) files.push({ path: relative(this.paths.data, part.path), kind: 'part', rows: part.rows, bytes: part.bytes });
    const quarantined = this.quarantine.finish();
    if (quarantined) files.push({ path: relative(this.paths.data, quarantined.path), kind: 'quarantine', rows: quarantined.rows, bytes: quarantined.bytes });
    return { batchId: this.entry.batchId, files };
  }

  abort(): void {
    this.part.abort();
    this.quarantine.abort();
  }
}

/** Loaded on first use: polars' native module costs start-up time a CSV run does not need to pay. */
function parquetWriter(path: string): PartWriter {
  const { ParquetPartWriter } = require('./parquetPartWriter') as typeof import('./parquetPartWriter');
  return new ParquetPartWriter(path);
}

/**
 * Before a batch is (re)done: remove whatever an earlier attempt of it left,
 * the files its sink log entry names and any file under its name prefix
 * (an attempt killed before the log entry was written), plus temp files.
 */
export function clearEarlierAttempt(paths: SinkPaths, entry: OffsetsEntry, logged: SinkEntry | undefined): string[] {
  const removed: string[] = [];
  for (const file of logged?.files ?? []) {
    rmSync(join(paths.data, file.path), { force: true });
    removed.push(file.path);
  }
  const prefix = batchFilePrefix(entry);
  for (const dir of [paths.output, paths.quarantine, ...(paths.alerts ? [paths.alerts] : [])]) {
    removeTempFiles(dir, prefix);
    for (const name of safeReaddir(dir).filter((name) => name.startsWith(prefix))) {
      rmSync(join(dir, name), { force: true });
      removed.push(relative(paths.data, join(dir, name)));
    }
  }
  return [...new Set(removed)];
}
