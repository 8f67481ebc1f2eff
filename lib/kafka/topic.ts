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

export interface TopicRecord {
  partition: number;
  offset: string;
  key: string | null;
  /** null for a message without a value (a tombstone); '' for an empty one. */
  value: string | null;
}

/**
 * Every message of `topic` from the earliest offset up to the end offsets as
 * they are when called, partition by partition in offset order. For checks
 * that must see exactly what is in the topic (tests, reconciliation); uses a
 * throwaway consumer group.
 */
export async function readTopicToEnd(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((end) => end.high !== end.low).map((end) => [end.partition, BigInt(end.high)]));
  const records: TopicRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `iot-read-${topic}-${Date.now()}`, maxBytes: 16 * 1024 * 1024 });
  await consumer.connect();
  try {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => { done = resolve; });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = remaining.get(batch.partition);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) break;
          records.push({ partition: batch.partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value === null ? null : message.value.toString() });
        }
        if (BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
        if (remaining.size === 0) done();
      },
    });
    const timer = setTimeout(done, timeoutMs);
    await finished;
    clearTimeout(timer);
    if (remaining.size > 0) throw new Error(`reading ${topic}: partitions ${[...remaining.keys()].join(',')} not read to their end within ${timeoutMs} ms`);
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
