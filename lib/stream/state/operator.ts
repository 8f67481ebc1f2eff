import { TableColumn } from '../../schema/tables';
import { SensorReading } from '../../schema';

/** A row of an operator's output file: column name (as declared in lib/schema/streamOutputs.ts) → value. */
export type OutputRow = Record<string, string | number | null>;

/** Where an operator's rows go: their own part files under DATA_DIR/output/<folder>/, named in the sink log with `kind`. */
export interface OperatorOutput {
  kind: 'window' | 'alert';
  /** Folder under DATA_DIR/output, e.g. `windows`. */
  folder: string;
  columns: readonly TableColumn[];
}

/**
 * A stateful operator of the stream, in the manner of Spark's
 * StatefulOperator: it keeps state per Kafka partition (the key is
 * sensor_id, so one sensor's readings all live in one partition), sees each
 * on-time reading of its partition (late ones never, duplicates never when
 * --dedupe is on), and once a batch's readings are in, is told the watermark
 * the batch moved to: it emits the rows that watermark finalizes and drops
 * the state it bounds. The state store snapshots its state with every batch
 * and hands it to whichever instance owns the partition next.
 *
 * Everything an operator does must be a function of its state, the readings
 * and the watermark (no clock, no randomness): a redo after kill -9 replays
 * the same batch from the same snapshot and must emit the same rows.
 */
export interface StatefulOperator<State = unknown> {
  /** Key of its state inside a partition snapshot, e.g. `windows`; never change it once state exists on disk. */
  readonly name: string;
  readonly output: OperatorOutput;
  /** The state of a partition that has none yet. */
  create(): State;
  /** Hot path: one on-time reading of the partition; `eventTime` is its `timestamp` in epoch milliseconds (UTC). */
  add(state: State, reading: SensorReading, eventTime: number): void;
  /**
   * After the batch's readings: emit the rows `watermark` (epoch ms; -Infinity
   * before the first event) finalizes and drop the state it bounds. Returns
   * true when the state changed (rows emitted or state dropped), so the store
   * snapshots partitions that read nothing this batch only when needed.
   */
  advance(state: State, watermark: number, emit: (row: OutputRow) => void): boolean;
  /** The state as a JSON value, and back. */
  save(state: State): unknown;
  load(saved: unknown): State;
}
