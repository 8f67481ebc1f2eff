/** Partition number (as a JSON key) → Kafka offset: the next offset to read, as in Spark's offset log. */
export type PartitionOffsets = Record<string, number>;

/** offsets/<batch>: what a batch reads, recorded before any of its files are written. */
export interface OffsetsEntry {
  batchId: number;
  topic: string;
  start: PartitionOffsets;
  end: PartitionOffsets;
  /** The format the batch writes; a redo writes the same files even if the flag changed. */
  format: 'csv' | 'parquet';
  plannedAt: string;
  /** Set when the batch belongs to one instance of a consumer group sharing the folder: its part files carry the id. */
  instance?: string;
  /** Kafka's id of the topic read (absent in checkpoints written before it was recorded): a recreated topic has another. */
  topicId?: string;
  /** The consumer group the batch's end offsets are committed to. */
  group?: string;
  /**
   * The event-time watermark in force for the batch (epoch ms), as Spark's
   * offset log records batchWatermarkMs: a redo judges lateness and emits
   * windows against the same watermark. Absent: no watermark yet, or no state.
   */
  watermarkMs?: number;
}

/** commits/<batch>: written once every file of the batch is in place. */
export interface CommitEntry {
  batchId: number;
  committedAt: string;
  rowsWritten: number;
  rowsQuarantined: number;
}

/** sinks/<batch>: the sink's file log, which files (relative to DATA_DIR) a batch produced. */
export interface SinkEntry {
  batchId: number;
  files: SinkFile[];
}

export interface SinkFile {
  path: string;
  /** part: readings; quarantine: refused records; window, alert: a stateful operator's rows (output/windows/, output/alerts/). */
  kind: 'part' | 'quarantine' | 'window' | 'alert';
  rows: number;
  bytes: number;
}

/** checkpoint/metadata: which query the folder belongs to. */
export interface CheckpointMetadata {
  id: string;
  topic: string;
  group?: string;
  createdAt: string;
}

/** checkpoint/group-offsets: the offsets last committed to the consumer group (replaced after each group commit). */
export interface GroupCommit {
  group: string;
  topic: string;
  offsets: PartitionOffsets;
  at: string;
}

export function readGroupCommit(value: unknown): GroupCommit {
  const entry = object(value);
  stringField(entry, 'group');
  stringField(entry, 'topic');
  offsetsField(entry, 'offsets');
  return entry as unknown as GroupCommit;
}

export function readOffsetsEntry(value: unknown): OffsetsEntry {
  const entry = object(value);
  integerField(entry, 'batchId');
  stringField(entry, 'topic');
  offsetsField(entry, 'start');
  offsetsField(entry, 'end');
  if (entry.format !== 'csv' && entry.format !== 'parquet') throw new Error(`"format" is ${JSON.stringify(entry.format)}`);
  for (const name of ['instance', 'topicId', 'group']) if (entry[name] !== undefined) stringField(entry, name);
  if (entry.watermarkMs !== undefined && !Number.isSafeInteger(entry.watermarkMs)) throw new Error(`"watermarkMs" is ${JSON.stringify(entry.watermarkMs)}`);
  return entry as unknown as OffsetsEntry;
}

export function readCommitEntry(value: unknown): CommitEntry {
  const entry = object(value);
  integerField(entry, 'batchId');
  integerField(entry, 'rowsWritten');
  integerField(entry, 'rowsQuarantined');
  return entry as unknown as CommitEntry;
}

export function readSinkEntry(value: unknown): SinkEntry {
  const entry = object(value);
  integerField(entry, 'batchId');
  if (!Array.isArray(entry.files)) throw new Error('"files" is not a list');
  for (const file of entry.files) stringField(object(file), 'path');
  return entry as unknown as SinkEntry;
}

export function readMetadata(value: unknown): CheckpointMetadata {
  const entry = object(value);
  stringField(entry, 'id');
  stringField(entry, 'topic');
  return entry as unknown as CheckpointMetadata;
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

function integerField(entry: Record<string, unknown>, name: string): void {
  if (!Number.isSafeInteger(entry[name]) || (entry[name] as number) < 0) throw new Error(`"${name}" is ${JSON.stringify(entry[name])}, not a count`);
}

function stringField(entry: Record<string, unknown>, name: string): void {
  if (typeof entry[name] !== 'string' || entry[name] === '') throw new Error(`"${name}" is ${JSON.stringify(entry[name])}, not text`);
}

function offsetsField(entry: Record<string, unknown>, name: string): void {
  const offsets = object(entry[name]);
  for (const [partition, offset] of Object.entries(offsets)) {
    if (!/^\d+$/.test(partition) || !Number.isSafeInteger(offset) || (offset as number) < 0) {
      throw new Error(`"${name}" has partition ${partition} at ${JSON.stringify(offset)}`);
    }
  }
}
