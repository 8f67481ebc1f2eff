/**
 * Copies of each partition on a cluster of `brokers`: up to 3, with 2 in sync
 * required for acks=all once there are 3, so any one broker can be down
 * (rolling restart, kill -9) and writes still succeed, never on one copy only.
 * Used for the topics we create and for our brokers' internal topics.
 */
export function replicationFor(brokers: number): { factor: number; minInSync: number } {
  const factor = Math.max(1, Math.min(3, brokers));
  return { factor, minInSync: factor >= 3 ? 2 : 1 };
}
