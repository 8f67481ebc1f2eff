import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionOffsets } from '../stream/checkpoint';
import type { BatchProgress } from '../stream/engine/progress';

/** One micro-batch as the page lists it. */
export interface BatchRow {
  batchId: number;
  timestamp: string;
  rows: number;
  quarantined: number;
  processingMs: number;
}

export type ConsumerState =
  | { kind: 'none' }
  | { kind: 'running' | 'idle'; lastBatchAgoSeconds: number }
  | { kind: 'stalled'; lastBatchAgoSeconds: number; waiting: number };

export interface BatchHealth {
  batches: BatchRow[];
  consumer: ConsumerState;
  triggerSeconds: number;
}

/** The last batches shown; the progress log keeps every batch since the checkpoint was made. */
const batchesShown = 8;
/** Enough of the log's end for `batchesShown` lines (one is well under 1 KB). */
const tailBytes = 64 * 1024;
/** A consumer that let this many triggers pass without a batch while records wait is stalled. */
export const stalledAfterTriggers = 3;

/**
 * The streaming consumer's side of pipeline health, read (never written) from
 * DATA_DIR/checkpoint/progress.jsonl, one line per batch as Spark's
 * StreamingQueryProgress. The merge deletes the checkpoint after each cycle,
 * so a missing log is normal between cycles.
 */
export class BatchHealthCollector {
  private readonly file: string;
  private seen: { size: number; mtimeMs: number } | undefined;
  private progress: BatchProgress[] = [];

  constructor(checkpointDir: string, private readonly triggerSeconds: number) {
    this.file = join(checkpointDir, 'progress.jsonl');
  }

  /** `latest`: the topic's latest offsets now, to tell an idle consumer (nothing to read) from a stalled one. */
  poll(latest: PartitionOffsets | undefined, now = Date.now()): BatchHealth {
    this.readIfChanged();
    const last = this.progress.at(-1);
    return {
      batches: this.progress.slice(-batchesShown).reverse().map(toRow),
      consumer: last ? consumerState(last, latest, this.triggerSeconds, now) : { kind: 'none' },
      triggerSeconds: this.triggerSeconds,
    };
  }

  private readIfChanged(): void {
    let stat: { size: number; mtimeMs: number };
    try {
      stat = statSync(this.file);
    } catch {
      this.progress = [];
      this.seen = undefined;
      return;
    }
    if (this.seen && this.seen.size === stat.size && this.seen.mtimeMs === stat.mtimeMs) return;
    this.seen = { size: stat.size, mtimeMs: stat.mtimeMs };
    this.progress = parseLines(readTail(this.file, stat.size)).slice(-batchesShown);
  }
}

/** Stalled: no batch for `stalledAfterTriggers` triggers although records wait past the last batch's end. */
export function consumerState(last: BatchProgress, latest: PartitionOffsets | undefined, triggerSeconds: number, now: number): ConsumerState {
  const lastBatchAgoSeconds = Math.max(0, (now - (Date.parse(last.timestamp) + last.durationMs.total)) / 1000);
  const waiting = latest === undefined ? 0 : Object.entries(latest).reduce((sum, [partition, end]) => sum + Math.max(0, end - (last.endOffsets[partition] ?? 0)), 0);
  if (lastBatchAgoSeconds > stalledAfterTriggers * triggerSeconds && waiting > 0) return { kind: 'stalled', lastBatchAgoSeconds, waiting };
  return { kind: lastBatchAgoSeconds <= 2 * triggerSeconds ? 'running' : 'idle', lastBatchAgoSeconds };
}

function toRow(progress: BatchProgress): BatchRow {
  return {
    batchId: progress.batchId,
    timestamp: progress.timestamp,
    rows: progress.rowsWritten,
    quarantined: progress.rowsQuarantined,
    processingMs: progress.durationMs.total,
  };
}

function readTail(file: string, size: number): string {
  const length = Math.min(size, tailBytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** Whole JSON lines only: the first may be cut by the tail, the last may be half-appended. */
function parseLines(text: string): BatchProgress[] {
  const batches: BatchProgress[] = [];
  for (const line of text.split('\n')) {
    try {
      const value = JSON.parse(line) as BatchProgress;
      if (typeof value?.batchId === 'number' && typeof value.timestamp === 'string') batches.push(value);
    } catch { /* a cut line */ }
  }
  return batches;
}
