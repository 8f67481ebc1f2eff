import { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { PartitionOffsets } from '../checkpoint';
import { FetchTuning, fetchTuning } from './fetchTuning';
import { waitForTopic } from './waitForTopic';
import { GroupOffsetCommitter } from './groupOffsets';

/** Called for each record of a range, in offset order per partition. */
export type RecordHandler = (partition: number, offset: number, value: Buffer | null, timestamp: string) => void;

interface ActiveRead {
  end: PartitionOffsets;
  pending: Set<number>;
  onRecord: RecordHandler;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Reads exact offset ranges [start, end) of a topic, as Spark's KafkaSource
 * does, with a kafkajs consumer in a group of its own for this run: it is the
 * only member, so it never waits for a dead member's session, and it commits
 * nothing (the engine commits to the configured group after each batch).
 * Partitions stay paused between batches; an offset is resolved only once its
 * record was handed over, so a resumed partition continues exactly there.
 */
export class KafkaSource {
  private readonly next = new Map<number, number>();
  private active: ActiveRead | undefined;

  private constructor(
    readonly topic: string,
    readonly admin: Admin,
    readonly committer: GroupOffsetCommitter,
    private readonly consumer: Consumer,
    readonly partitions: number[],
    private readonly logger: Logger,
  ) {}

  /** Connects once the topic exists; undefined if `shouldStop` said so while waiting for it. */
  static async open(options: {
    kafka: Kafka; topic: string; runGroupId: string; logger: Logger; shouldStop: () => boolean; tuning?: Partial<FetchTuning>;
  }): Promise<KafkaSource | undefined> {
    const { kafka, topic, runGroupId, logger } = options;
    const admin = kafka.admin();
    await admin.connect();
    if (!(await waitForTopic(admin, topic, logger, options.shouldStop))) {
      await admin.disconnect();
      return undefined;
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = metadata.topics[0].partitions.map((entry) => entry.partitionId).sort((a, b) => a - b);
    const consumer = kafka.consumer({ groupId: runGroupId, allowAutoTopicCreation: false, ...fetchTuning(options.tuning) });
    const committer = await GroupOffsetCommitter.connect(kafka);
    const source = new KafkaSource(topic, admin, committer, consumer, partitions, logger);
    await source.start();
    return source;
  }

  async latestOffsets(): Promise<PartitionOffsets> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return Object.fromEntries(offsets.map((entry) => [String(entry.partition), Number(entry.high)]));
  }

  async earliestOffsets(): Promise<PartitionOffsets> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return Object.fromEntries(offsets.map((entry) => [String(entry.partition), Number(entry.low)]));
  }

  /** Hands every record in [start, end) to `onRecord`; resolves when each partition reached its end. */
  read(start: PartitionOffsets, end: PartitionOffsets, onRecord: RecordHandler): Promise<void> {
    if (this.active) throw new Error('a read is already in progress');
    const pending = new Set<number>();
    for (const [key, to] of Object.entries(end)) {
      const partition = Number(key);
      const from = start[key] ?? to;
      if (from >= to) continue;
      pending.add(partition);
      if (this.next.get(partition) !== from) {
        this.consumer.seek({ topic: this.topic, partition, offset: String(from) });
        this.next.set(partition, from);
      }
    }
    if (pending.size === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.active = { end, pending, onRecord, resolve, reject };
      this.consumer.resume([{ topic: this.topic, partitions: [...pending] }]);
    });
  }

  async close(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.committer.close();
  }

  private async start(): Promise<void> {
    const { GROUP_JOIN, CRASH, FETCH } = this.consumer.events;
    this.consumer.on(FETCH, (event) => this.logger.debug('stream.source.fetch', { ms: event.payload.duration, reading: this.active !== undefined }));
    // A rebalance resets kafkajs's positions to the (empty) committed ones: put ours back.
    this.consumer.on(GROUP_JOIN, () => {
      for (const [partition, offset] of this.next) this.consumer.seek({ topic: this.topic, partition, offset: String(offset) });
    });
    this.consumer.on(CRASH, (event) => {
      if (event.payload.restart) return;
      this.fail(new ServiceError(`The Kafka consumer stopped: ${event.payload.error.message}`, { hint: 'Check that the broker is up (`iot services status kafka`) and run `iot consume` again; it resumes from the checkpoint.' }));
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
    this.consumer.pause([{ topic: this.topic, partitions: this.partitions }]);
  }

  private async onBatch({ batch, resolveOffset, pause }: EachBatchPayload): Promise<void> {
    const partition = batch.partition;
    const read = this.active;
    if (!read || !read.pending.has(partition)) {
      pause(); // not resolved: fetched again once a batch wants it
      return;
    }
    const end = read.end[String(partition)];
    let next = this.next.get(partition) ?? 0;
    let stoppedAtEnd = false;
    try {
      for (const message of batch.messages) {
        const offset = Number(message.offset);
        if (offset < next) continue; // fetched before a seek took effect
        if (offset >= end) { stoppedAtEnd = true; break; }
        read.onRecord(partition, offset, message.value, message.timestamp);
        next = offset + 1;
      }
    } catch (error) {
      pause();
      this.fail(error);
      return;
    }
    // Control records (transaction markers) end a batch without reaching us; step over them.
    const afterBatch = Number(batch.lastOffset()) + 1;
    if (!stoppedAtEnd && afterBatch > next && afterBatch <= end) next = afterBatch;
    this.next.set(partition, next);
    if (next > 0) resolveOffset(String(next - 1));
    if (next >= end) this.finishPartition(read, partition, pause);
  }

  private finishPartition(read: ActiveRead, partition: number, pause: () => void): void {
    pause();
    read.pending.delete(partition);
    if (read.pending.size > 0) return;
    this.active = undefined;
    read.resolve();
  }

  private fail(error: unknown): void {
    const read = this.active;
    this.active = undefined;
    if (read) read.reject(error);
    else this.logger.error('stream.source.failed', { error });
  }
}
