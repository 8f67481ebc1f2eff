import { Partitioners, PartitionMetadata } from 'kafkajs';

/**
 * The partition Kafka's default partitioner (murmur2 of the key, as the Java
 * client) gives `key` in a topic of `partitions`. The producer computes it
 * once per sensor and sets it on each message, so kafkajs skips hashing per
 * message and the sender can group by partition before sending.
 */
export function partitionForKey(topic: string, key: Buffer, partitions: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0],
  }));
  return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
}

/** For the kafkajs producer: every message already carries its partition. */
export const explicitPartitioner = () => ({ message }: { message: { partition?: number } }) => message.partition as number;
