import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OffsetsEntry, SinkEntry, SinkFile, removeTempFiles } from '../checkpoint';
import { safeReaddir } from '../checkpoint/atomicFile';
import { CsvPartWriter } from './csvPartWriter';
import { PartWriter } from './partWriter';
import { batchFilePrefix, partFileName } from './partName';
import { QuarantineWriter } from './quarantineWriter';
import { checkStructure, SensorReading } from '../../schema';
import { BatchState, StateStore } from '../state';
import { writeRowPart } from './rowPartWriter';

export interface SinkPaths {
  /** DATA_DIR: file log paths are relative to it. */
  data: string;
  output: string;
  quarantine: string;
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
  /** Set by `finish` when the batch ran through a state store: watermark, late and duplicate counts. */
  state: BatchState | undefined;

  constructor(private readonly paths: SinkPaths, private readonly entry: OffsetsEntry, private readonly store?: StateStore) {
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
      if (this.store && this.store.accept(partition, check.reading) === 'duplicate') return this.quarantineDuplicate(partition, offset, value, check.reading, timestamp);
      this.part.add(check.reading);
      this.rowsWritten++;
      return;
    }
    const kafkaTimestamp = new Date(timestamp).toISOString();
    const text = check.valueBase64 !== undefined ? null : Buffer.isBuffer(value) ? value.toString('utf8') : value;
    this.quarantine.add({ partition, offset, value: text, ...(check.valueBase64 !== undefined ? { valueBase64: check.valueBase64 } : {}), reason: check.reason, detail: check.detail, kafkaTimestamp });
  }

  /** Raw rows stay the source of truth of what was read: a repeated reading is refused with its reason, so written + quarantined = read. */
  private quarantineDuplicate(partition: number, offset: number, value: string | Buffer | null, reading: SensorReading, timestamp: number): void {
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
    const detail = `sensor ${reading.sensor_id} sent this reading (${reading.timestamp}, ${reading.temperature} °C, ${reading.humidity} %) already within the watermark`;
    this.quarantine.add({ partition, offset, value: text, reason: 'duplicate_reading', detail, kafkaTimestamp: new Date(timestamp).toISOString() });
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
    if (this.store) files.push(...(await this.finishState(this.store)));
    return { batchId: this.entry.batchId, files };
  }

  /** The watermark moves, operators emit what it finalizes into part files of their kind, and the state is snapshot. */
  private async finishState(store: StateStore): Promise<SinkFile[]> {
    this.state = store.finish(this.entry.batchId, this.entry.start, this.entry.end);
    const files: SinkFile[] = [];
    for (const [index, operator] of store.operators.entries()) {
      const path = join(this.paths.output, operator.output.folder, partFileName(this.entry, this.entry.format));
      const written = await writeRowPart(path, operator.output.columns, this.state.rows[index], this.entry.format);
      if (written) files.push({ path: relative(this.paths.data, written.path), kind: operator.output.kind, rows: written.rows, bytes: written.bytes });
    }
    return files;
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
  for (const dir of [paths.output, paths.quarantine, ...operatorFolders(paths.output)]) {
    removeTempFiles(dir, prefix);
    for (const name of safeReaddir(dir).filter((name) => name.startsWith(prefix))) {
      rmSync(join(dir, name), { force: true });
      removed.push(relative(paths.data, join(dir, name)));
    }
  }
  return [...new Set(removed)];
}

/** Subfolders of output/ where stateful operators write their part files (windows/, alerts/). */
export function operatorFolders(outputDir: string): string[] {
  try {
    return readdirSync(outputDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
      .map((entry) => join(outputDir, entry.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
