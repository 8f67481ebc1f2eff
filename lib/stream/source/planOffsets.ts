import { PartitionOffsets } from '../checkpoint';

/**
 * The end offsets of the next batch, as Spark's KafkaSource plans them: up to
 * the latest offsets, and with `maxPerBatch` (maxOffsetsPerTrigger) shared
 * among partitions in proportion to their lag, so a backlog drains evenly.
 * Only partitions with a start are planned: `alignToLog` gives every
 * partition one (a new partition its earliest offset) before a plan.
 */
export function planEnd(start: PartitionOffsets, latest: PartitionOffsets, maxPerBatch?: number): PartitionOffsets {
  const partitions = Object.keys(latest).filter((p) => start[p] !== undefined);
  const lags = Object.fromEntries(partitions.map((p) => [p, Math.max(0, latest[p] - start[p])]));
  const total = sumOf(lags);
  if (maxPerBatch === undefined || total <= maxPerBatch) return Object.fromEntries(partitions.map((p) => [p, start[p] + lags[p]]));
  return Object.fromEntries(
    partitions.map((p) => {
      const share = (maxPerBatch * lags[p]) / total;
      // Spark rounds a share below one up, so a partition with a small lag still moves.
      const take = share < 1 ? Math.ceil(share) : Math.floor(share);
      return [p, start[p] + Math.min(take, lags[p])];
    }),
  );
}

/** How a position squares with the partitions' log start and end right now. */
export interface LogAlignment {
  /** Every partition of `latest` with a position: known ones kept, new ones at their earliest offset, expired ones moved up to the log start. */
  position: PartitionOffsets;
  /** Partitions that had no position (added to the topic, or first seen). */
  added: string[];
  /** Positions below the log start: records retention deleted before they were read. */
  expired: Array<{ partition: string; from: number; earliest: number; lost: number }>;
  /** Positions past the log end: the topic cannot have shrunk, so it was deleted and created again. */
  ahead: Array<{ partition: string; from: number; latest: number }>;
}

/** Every partition is read from its beginning; a gap to the log start is reported, never skipped silently. */
export function alignToLog(position: PartitionOffsets, earliest: PartitionOffsets, latest: PartitionOffsets): LogAlignment {
  const result: LogAlignment = { position: { ...position }, added: [], expired: [], ahead: [] };
  for (const p of Object.keys(latest)) {
    const from = position[p];
    const start = earliest[p] ?? 0;
    if (from === undefined) {
      result.added.push(p);
      result.position[p] = start;
    } else if (from > latest[p]) result.ahead.push({ partition: p, from, latest: latest[p] });
    else if (from < start) {
      result.expired.push({ partition: p, from, earliest: start, lost: start - from });
      result.position[p] = start;
    }
  }
  return result;
}

export function countBetween(start: PartitionOffsets, end: PartitionOffsets): number {
  return Object.keys(end).reduce((sum, p) => sum + Math.max(0, end[p] - (start[p] ?? end[p])), 0);
}

/** True once `position` has reached `target` on every partition of the target. */
export function reached(position: PartitionOffsets, target: PartitionOffsets): boolean {
  return Object.keys(target).every((p) => (position[p] ?? 0) >= target[p]);
}

export function lagOf(position: PartitionOffsets, latest: PartitionOffsets): PartitionOffsets {
  return Object.fromEntries(Object.keys(latest).map((p) => [p, Math.max(0, latest[p] - (position[p] ?? 0))]));
}

function sumOf(offsets: PartitionOffsets): number {
  return Object.values(offsets).reduce((sum, value) => sum + value, 0);
}
