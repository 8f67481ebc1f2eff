import { Kafka } from 'kafkajs';
import { ServiceError } from '../errors';

/**
 * Creates `topic` with `partitions` if it does not exist (replication 1: the
 * pipeline runs one broker) and returns the partition count it has. An
 * existing topic keeps its partitions: changing them would move keys.
 */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      // false means another client created it between the list and here, which is fine.
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count === 0) {
      throw new ServiceError(`Topic ${topic} exists but has no partitions the broker can report.`, {
        code: 'KAFKA_TOPIC_UNAVAILABLE',
        hint: 'Check the broker log; `npx iot services status kafka` shows whether it is ready.',
      });
    }
    return count;
  } finally {
    await admin.disconnect();
  }
}
