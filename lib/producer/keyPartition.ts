import { compatibilityPartitioner } from '@platformatic/kafka';

/**
 * Java's default partitioner: murmur2 of the key bytes, made positive with
 * `& 0x7fffffff` (Utils.toPositive), modulo the partition count. Sensors keep
 * their partition when Java clients (or librdkafka with murmur2_random) write
 * the same topic. platformatic's own default takes the hash unsigned (`>>> 0`),
 * which for the half of the keys whose hash is negative picks another
 * partition unless the count is a power of two; its compatibilityPartitioner
 * is Java's.
 * platformatic applies the modulo itself once it knows the partition count.
 */
export const javaCompatiblePartitioner = compatibilityPartitioner;

/** The partition Java's default partitioner gives `key` in a topic of `partitions`. */
export function partitionForKey(key: Buffer, partitions: number): number {
  return javaCompatiblePartitioner({ topic: '' }, key) % partitions;
}
