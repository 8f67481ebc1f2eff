import { Admin, MessagesStreamModes } from '@platformatic/kafka';
import { ServiceError } from '../errors';
import { createConsumer, KafkaClientOptions, withAdmin } from './client';
import { hasKafkaError, kafkaFailure } from './errors';
import { replicationFor } from './replication';
import { sleep } from '../process';

/**
 * Creates `topic` with `partitions` if it does not exist (replicated as
 * replicationFor says for the brokers the cluster has) and returns the partition count it has, once every
 * partition has a leader. An existing topic keeps its partitions: changing
 * them would move keys.
 */
export async function ensureTopic(client: KafkaClientOptions, topic: string, partitions: number): Promise<number> {
  try {
    return await withAdmin(client, async (admin) => {
      const existing = await admin.listTopics();
      if (!existing.includes(topic)) await createTopic(admin, topic, partitions);
      return await partitionsWithLeaders(admin, topic);
    });
  } catch (error) {
    throw kafkaFailure(error, { ...client, action: `creating topic ${topic}` });
  }
}

async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  const brokers = (await admin.metadata({ forceUpdate: true })).brokers.size;
  const { factor, minInSync } = replicationFor(brokers);
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: factor, configs: [{ name: 'min.insync.replicas', value: String(minInSync) }] });
  } catch (error) {
    // Another client created it between our list and here, which is fine.
    if (!hasKafkaError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
  }
}

/** A new topic's partitions get their leaders a moment after creation; producing before that fails. */
async function partitionsWithLeaders(admin: Admin, topic: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true }).catch(() => undefined);
    const partitions = metadata?.topics.get(topic)?.partitions ?? [];
    if (partitions.length > 0 && partitions.every((partition) => partition && partition.leader >= 0)) return partitions.length;
    if (Date.now() > deadline) {
      throw new ServiceError(`Topic ${topic} exists but ${partitions.length === 0 ? 'has no partitions the broker can report' : 'has partitions without a leader'}.`, {
        code: 'KAFKA_TOPIC_UNAVAILABLE', retriable: true,
        hint: 'Check the broker log; `npx iot services status kafka` shows whether it is ready.',
      });
    }
    await sleep(200);
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
 * throwaway consumer group, deleted afterwards.
 */
export async function readTopicToEnd(client: KafkaClientOptions, topic: string, timeoutMs = 60_000): Promise<TopicRecord[]> {
  const groupId = `iot-read-${topic}-${Date.now()}`;
  const consumer = createConsumer(client, groupId, { maxBytes: 16 * 1024 * 1024 });
  const records: TopicRecord[] = [];
  try {
    const [earliest, latest] = await Promise.all([-2n, -1n].map((timestamp) => consumer.listOffsets({ topics: [topic], timestamp })));
    const remaining = new Map<number, bigint>();
    (latest.get(topic) ?? []).forEach((end, partition) => { if (end > (earliest.get(topic)?.[partition] ?? 0n)) remaining.set(partition, end); });
    if (remaining.size === 0) return records;
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const timer = setTimeout(() => stream.destroy(), timeoutMs);
    try {
      for await (const message of stream) {
        const end = remaining.get(message.partition);
        if (end === undefined || message.offset >= end) continue;
        records.push({ partition: message.partition, offset: String(message.offset), key: message.key?.toString() ?? null, value: message.value === undefined || message.value === null ? null : message.value.toString() });
        if (message.offset + 1n >= end) remaining.delete(message.partition);
        if (remaining.size === 0) break;
      }
    } finally {
      clearTimeout(timer);
      await stream.close().catch(() => undefined);
    }
    if (remaining.size > 0) throw new Error(`reading ${topic}: partitions ${[...remaining.keys()].join(',')} not read to their end within ${timeoutMs} ms`);
  } finally {
    await consumer.close(true).catch(() => undefined);
    // The throwaway group leaves nothing behind on the broker (best effort: it is only tidiness).
    await withAdmin(client, (admin) => admin.deleteGroups({ groups: [groupId] })).catch(() => undefined);
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
