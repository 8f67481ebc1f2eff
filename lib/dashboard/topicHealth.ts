import type { Admin } from '@platformatic/kafka';
import { describeKafkaError, isNeverRetried, KafkaConnection, kafkaFailure } from '../kafka';
import { PartitionOffsets } from '../stream/checkpoint';
import { sleepUnlessAborted, withinTimeout } from '../process';
import { dashboardAdmin } from './kafkaClients';

export interface PartitionLag {
  partition: number;
  /** The next offset to be written (the log end). */
  latest: number;
  /** The pipeline group's committed offset; null before it committed anything here. */
  committed: number | null;
  lag: number | null;
}

/** The broker's side of pipeline health, polled once a second. */
export interface TopicHealth {
  kafka: 'connecting' | 'reachable' | 'unreachable' | 'no_topic';
  /** When `kafka` last changed (ISO time). */
  since: string;
  error?: string;
  /** Messages per second into the topic, from the change of its latest offsets. */
  messagesPerSecond: number | null;
  group: string;
  partitions: PartitionLag[];
  latest: PartitionOffsets;
}

/** A failed poll is tried once more after this pause before the broker counts as unreachable: one failure may be a hiccup. */
const retryAfterMs = 300;
/** Messages/s is the change of the latest offsets over about this long, so one slow poll does not jump it. */
const rateWindowMs = 5_000;
const pollTimeoutMs = 2_000;

/**
 * Polls the topic's latest offsets and the pipeline group's committed offsets
 * (as `kafka-consumer-groups --describe` computes lag), and tells whether
 * Kafka answers at all.
 */
export class TopicHealthCollector {
  private admin: Admin | undefined;
  /** A refused login, ACL or TLS certificate: polling again cannot cure it, so Kafka is not asked again. */
  private refused: string | undefined;
  private readonly totals: Array<{ at: number; total: number }> = [];
  private state: TopicHealth;

  constructor(private readonly connection: KafkaConnection, private readonly topic: string, private readonly group: string) {
    this.state = { kafka: 'connecting', since: new Date().toISOString(), messagesPerSecond: null, group, partitions: [], latest: {} };
  }

  get current(): TopicHealth {
    return this.state;
  }

  /** One round: within about 2 × pollTimeoutMs + retryAfterMs, the state says whether Kafka answers. */
  async poll(): Promise<TopicHealth> {
    if (this.refused) return this.state;
    try {
      const partitions = await this.readOnceMore();
      this.update(partitions === undefined ? { kafka: 'no_topic', partitions: [], latest: {} } : { kafka: 'reachable', ...this.describe(partitions) });
    } catch (error) {
      if (isNeverRetried(error)) this.refused = kafkaFailure(error, { ...this.connection, action: 'reading the topic\'s offsets' }).describe();
      this.update({ kafka: 'unreachable', error: this.refused ?? describeKafkaError(error), messagesPerSecond: null });
    }
    return this.state;
  }

  private async readOnceMore(): ReturnType<TopicHealthCollector['read']> {
    try {
      return await withinTimeout(this.read(), pollTimeoutMs, 'Kafka');
    } catch (error) {
      if (isNeverRetried(error)) throw error;
      // A fresh client for the second try: nothing half-open from before the broker went away is reused.
      void this.closeAdmin();
      await sleepUnlessAborted(retryAfterMs, []);
      try {
        return await withinTimeout(this.read(), pollTimeoutMs, 'Kafka');
      } catch (error) {
        void this.closeAdmin();
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.closeAdmin();
  }

  /** Latest and committed offsets per partition; undefined when the topic does not exist (yet). */
  private async read(): Promise<Array<{ partition: number; latest: number; committed: number | null }> | undefined> {
    this.admin ??= dashboardAdmin(this.connection);
    const metadata = await this.admin.metadata({ topics: [this.topic], autocreateTopics: false }).catch((error: Error) => {
      // platformatic says so with a UserError ("Unknown topic T."), not a broker error code.
      if (/unknown topic/i.test(describeKafkaError(error))) return undefined;
      throw error;
    });
    const count = metadata?.topics.get(this.topic)?.partitionsCount ?? 0;
    if (count === 0) return undefined;
    const indexes = Array.from({ length: count }, (_, partition) => partition);
    const [listed, groups] = await Promise.all([
      this.admin.listOffsets({ topics: [{ name: this.topic, partitions: indexes.map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] }),
      this.admin.listConsumerGroupOffsets({ groups: [{ groupId: this.group, topics: [{ name: this.topic, partitionIndexes: indexes }] }] }),
    ]);
    const committed = new Map((groups[0]?.topics.find((topic) => topic.name === this.topic)?.partitions ?? [])
      .filter((partition) => partition.committedOffset >= 0n)
      .map((partition) => [partition.partitionIndex, Number(partition.committedOffset)]));
    return (listed[0]?.partitions ?? [])
      .map((partition) => ({ partition: partition.partitionIndex, latest: Number(partition.offset), committed: committed.get(partition.partitionIndex) ?? null }))
      .sort((a, b) => a.partition - b.partition);
  }

  private describe(partitions: Array<{ partition: number; latest: number; committed: number | null }>): Pick<TopicHealth, 'partitions' | 'latest' | 'messagesPerSecond'> {
    const now = Date.now();
    const total = partitions.reduce((sum, partition) => sum + partition.latest, 0);
    this.totals.push({ at: now, total });
    while (this.totals.length > 2 && now - this.totals[1].at >= rateWindowMs) this.totals.shift();
    const first = this.totals[0];
    const messagesPerSecond = now > first.at ? ((total - first.total) * 1000) / (now - first.at) : null;
    return {
      messagesPerSecond: messagesPerSecond === null ? null : Math.max(0, messagesPerSecond),
      latest: Object.fromEntries(partitions.map((partition) => [String(partition.partition), partition.latest])),
      partitions: partitions.map((partition) => ({ ...partition, lag: partition.committed === null ? null : Math.max(0, partition.latest - partition.committed) })),
    };
  }

  private update(change: Partial<TopicHealth>): void {
    const kafka = change.kafka ?? this.state.kafka;
    const since = kafka === this.state.kafka ? this.state.since : new Date().toISOString();
    if (kafka !== 'reachable') this.totals.length = 0;
    this.state = { ...this.state, error: undefined, ...change, kafka, since };
  }

  /** Not awaited on failures: closing a client whose broker died may wait for requests that never end. */
  private closeAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    return admin ? admin.close().catch(() => undefined) : Promise.resolve();
  }
}
