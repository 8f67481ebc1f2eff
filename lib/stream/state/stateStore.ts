import { join, relative } from 'node:path';
import { Logger } from '../../log';
import { SensorReading } from '../../schema';
import { PartitionOffsets } from '../checkpoint';
import { waitFor } from '../../process';
import { eventTimeOf } from './eventTime';
import { peerIsWriting } from './handover';
import { OutputRow, StatefulOperator } from './operator';
import { isCommitted, PartitionSnapshot, purgeSnapshots, snapshotsAt, writeSnapshot } from './snapshotFiles';

/** What the store does with one valid reading. */
export type Verdict = 'on_time' | 'late' | 'duplicate' | 'no_event_time';

interface PartitionState {
  offset: number;
  maxEventMs: number;
  seen: Map<string, number>;
  operators: unknown[];
}

export interface StateStoreOptions {
  /** DATA_DIR/checkpoint: the store lives in its state/ folder, shared by every instance of a group. */
  checkpointRoot: string;
  /** This consumer's checkpoint folder and its metadata id (stamped on snapshots, to tell committed from abandoned attempts). */
  checkpointDir: string;
  checkpointId: string;
  /** The topic read: state is kept per topic (state/<topic>/<partition>/), so switching topics never mixes them. */
  topic: string;
  /** Watermark delay (--watermark), ms. */
  delayMs: number;
  /** --dedupe: drop a reading whose sensor, timestamp and values were already seen within the watermark. */
  dedupe: boolean;
  operators: StatefulOperator[];
  logger: Logger;
}

/** What a batch leaves behind, for the sink and the progress line. */
export interface BatchState {
  watermarkMs: number;
  late: number;
  lateBySensor: Record<string, number>;
  duplicates: number;
  /** Per operator (in order): the rows its watermark finalized. */
  rows: OutputRow[][];
}

/** Snapshots kept per partition: enough for a redo of the open batch and a handover, like Spark's minBatchesToRetain but per partition. */
const offsetsToKeep = 10;
/** How long a new owner waits for the previous owner's open batch to commit the snapshot it starts from. */
const handoverWaitMs = 120_000;

/**
 * The stream's state store: per Kafka partition, the operators' state (open
 * windows, alert histories), the --dedupe keys and the partition's latest
 * event time; per consumer, the watermark. After every batch each partition
 * the batch read or whose state moved is snapshot to
 * state/<topic>/<partition>/<offset>-<watermark>-<owner>-<batch>, before the commit
 * marker. So, like Spark's state store versioned by batch, a redo starts from
 * exactly the state the batch before left (the offsets entry records the
 * watermark in force, as Spark's offset log does), and a partition handed to
 * another instance, or read again after a cycle cleared the checkpoint,
 * continues from the snapshot at the offset it restarts from.
 */
export class StateStore {
  /** The watermark in force for the current batch, epoch ms; -Infinity before any event. */
  watermark = -Infinity;
  readonly root: string;
  private readonly partitions = new Map<number, PartitionState>();
  private readonly checkpointPath: string;
  private batch = emptyBatch();
  private lastTimestamp = '';
  private lastPartition = -1;
  private lastState: PartitionState | undefined;
  private lastEventTime = NaN;

  constructor(private readonly options: StateStoreOptions) {
    this.root = join(options.checkpointRoot, 'state', options.topic);
    this.checkpointPath = relative(options.checkpointRoot, options.checkpointDir) || '.';
  }

  get operators(): readonly StatefulOperator[] {
    return this.options.operators;
  }

  /**
   * Before a batch is planned (or redone): state for exactly the partitions
   * it reads, loaded where the store does not hold them at `start` (first
   * batch, redo, partitions just acquired), and the watermark in force. A
   * redo passes the watermark its offsets entry recorded and reloads all.
   */
  async prepare(start: PartitionOffsets, redo?: { watermarkMs: number | undefined }): Promise<void> {
    for (const partition of [...this.partitions.keys()]) if (!(String(partition) in start)) this.partitions.delete(partition);
    let loadedWatermark = -Infinity;
    for (const [key, offset] of Object.entries(start)) {
      const partition = Number(key);
      if (!redo && this.partitions.get(partition)?.offset === offset) continue;
      const loaded = await this.load(partition, offset);
      this.partitions.set(partition, loaded.state);
      loadedWatermark = Math.max(loadedWatermark, loaded.watermarkMs);
    }
    this.batch = emptyBatch();
    this.lastPartition = -1;
    if (redo) {
      this.watermark = redo.watermarkMs ?? -Infinity;
      return;
    }
    this.watermark = Math.max(this.watermark, loadedWatermark, this.maxEventMs() - this.options.delayMs);
  }

  /** Hot path: the fate of one valid reading of `partition`, after passing it to every operator if it is on time. */
  accept(partition: number, reading: SensorReading): Verdict {
    // Sensors stamp readings by the second: consecutive readings mostly share a timestamp, so parse each one once.
    if (reading.timestamp !== this.lastTimestamp) {
      this.lastTimestamp = reading.timestamp;
      this.lastEventTime = eventTimeOf(reading.timestamp);
    }
    const eventTime = this.lastEventTime;
    if (eventTime !== eventTime) return 'no_event_time';
    const state = partition === this.lastPartition ? this.lastState! : this.stateOf(partition);
    if (eventTime < this.watermark) {
      this.batch.late++;
      this.batch.lateBySensor[reading.sensor_id] = (this.batch.lateBySensor[reading.sensor_id] ?? 0) + 1;
      return 'late';
    }
    if (this.options.dedupe) {
      const key = `${reading.sensor_id}|${reading.timestamp}|${reading.temperature}|${reading.humidity}`;
      if (state.seen.has(key)) {
        this.batch.duplicates++;
        return 'duplicate';
      }
      state.seen.set(key, eventTime);
    }
    if (eventTime > state.maxEventMs) state.maxEventMs = eventTime;
    const operators = this.options.operators;
    for (let index = 0; index < operators.length; index++) operators[index].add(state.operators[index], reading, eventTime);
    return 'on_time';
  }

  /**
   * After the batch's readings: the watermark moves to max(watermark, latest
   * event time − delay), operators emit what it finalizes, state older than
   * it goes, and changed partitions are snapshot at `end`. Call before the
   * batch's commit marker.
   */
  finish(batchId: number, start: PartitionOffsets, end: PartitionOffsets): BatchState {
    const watermark = Math.max(this.watermark, this.maxEventMs() - this.options.delayMs);
    const rows: OutputRow[][] = this.options.operators.map(() => []);
    for (const [partition, state] of this.partitions) {
      let changed = start[partition] !== end[partition];
      this.options.operators.forEach((operator, index) => {
        if (operator.advance(state.operators[index], watermark, (row) => rows[index].push(row))) changed = true;
      });
      for (const [key, eventTime] of state.seen) if (eventTime < watermark) { state.seen.delete(key); changed = true; }
      state.offset = end[partition] ?? state.offset;
      if (changed) this.snapshot(partition, state, batchId, watermark);
    }
    this.watermark = watermark;
    return { ...this.batch, watermarkMs: watermark, rows };
  }

  private snapshot(partition: number, state: PartitionState, batchId: number, watermark: number): void {
    writeSnapshot(this.root, {
      partition, offset: state.offset, watermarkMs: finite(watermark), maxEventMs: finite(state.maxEventMs),
      checkpoint: this.checkpointPath, checkpointId: this.options.checkpointId, batchId,
      seen: [...state.seen], operators: Object.fromEntries(this.options.operators.map((operator, index) => [operator.name, operator.save(state.operators[index])])),
    });
    purgeSnapshots(this.root, partition, offsetsToKeep);
  }

  /** The committed snapshot of `partition` at `offset` with the highest watermark (the newest, if several), or empty state. */
  private async load(partition: number, offset: number): Promise<{ state: PartitionState; watermarkMs: number }> {
    let newest = this.newestCommitted(partition, offset);
    if (!newest && offset > 0 && peerIsWriting(this.options.checkpointRoot, this.options.checkpointDir, partition, offset)) {
      this.options.logger.info('stream.state.waiting', { partition, offset, why: 'the previous owner is committing the batch that ends there' });
      await waitFor(() => (newest = this.newestCommitted(partition, offset)) !== undefined || !peerIsWriting(this.options.checkpointRoot, this.options.checkpointDir, partition, offset), { timeoutMs: handoverWaitMs, intervalMs: 50 });
      newest ??= this.newestCommitted(partition, offset);
    }
    if (!newest) {
      if (offset > 0) this.options.logger.info('stream.state.none', { partition, offset, why: 'no snapshot at this offset: the partition\'s windows start empty here' });
      return { state: this.fresh(offset), watermarkMs: -Infinity };
    }
    const saved = newest.snapshot;
    return {
      state: {
        offset,
        maxEventMs: saved.maxEventMs ?? -Infinity,
        seen: new Map(saved.seen),
        operators: this.options.operators.map((operator) => (operator.name in saved.operators ? operator.load(saved.operators[operator.name]) : operator.create())),
      },
      watermarkMs: saved.watermarkMs ?? -Infinity,
    };
  }

  private newestCommitted(partition: number, offset: number): { snapshot: PartitionSnapshot } | undefined {
    const candidates = snapshotsAt(this.root, partition, offset).filter((found) => isCommitted(this.options.checkpointRoot, found.snapshot));
    candidates.sort((a, b) => (a.snapshot.watermarkMs ?? -Infinity) - (b.snapshot.watermarkMs ?? -Infinity) || a.mtimeMs - b.mtimeMs);
    return candidates[candidates.length - 1];
  }

  private stateOf(partition: number): PartitionState {
    this.lastPartition = partition;
    return (this.lastState = this.partitions.get(partition) ?? this.adopt(partition));
  }

  /** A partition the batch did not plan for (never in practice): empty state rather than a crash on the hot path. */
  private adopt(partition: number): PartitionState {
    const state = this.fresh(0);
    this.partitions.set(partition, state);
    return state;
  }

  private fresh(offset: number): PartitionState {
    return { offset, maxEventMs: -Infinity, seen: new Map(), operators: this.options.operators.map((operator) => operator.create()) };
  }

  private maxEventMs(): number {
    let max = -Infinity;
    for (const state of this.partitions.values()) if (state.maxEventMs > max) max = state.maxEventMs;
    return max;
  }
}

function emptyBatch(): Omit<BatchState, 'watermarkMs' | 'rows'> {
  return { late: 0, lateBySensor: {}, duplicates: 0 };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
