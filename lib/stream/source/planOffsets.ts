import { PartitionOffsets } from '../checkpoint';

/**
 * The end offsets of the next batch, as Spark's KafkaSource plans them: up to
 * the latest offsets, and with `maxPerBatch` (maxOffsetsPerTrigger) shared
 * among partitions in proportion to their lag, so a backlog drains evenly.
 */
export function planEnd(start: PartitionOffsets, latest: PartitionOffsets, maxPerBatch?: number): PartitionOffsets {
  const lags = Object.fromEntries(Object.keys(latest).map((p) => [p, Math.max(0, latest[p] - (start[p] ?? latest[p]))]));
  const total = sumOf(lags);
  if (maxPerBatch === undefined || total <= maxPerBatch) {
    return Object.fromEntries(Object.keys(latest).map((p) => [p, (start[p] ?? latest[p]) + lags[p]]));
  }
  return Object.fromEntries(
    Object.keys(latest).map((p) => {
      const share = (maxPerBatch * lags[p]) / total;
      // Spark rounds a share below one up, so a partition with a small lag still moves.
      const take = share < 1 ? Math.ceil(share) : Math.floor(share);
      return [p, (start[p] ?? latest[p]) + Math.min(take, lags[p])];
    }),
  );
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
