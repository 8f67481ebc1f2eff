import { Admin, Consumer, FetchIsolationLevels, ListOffsetTimestamps } from '@platformatic/kafka';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { PartitionOffsets } from '../checkpoint';
import { createAdmin, createConsumer, KafkaClientOptions } from '../../kafka';
import { FetchTuning, fetchTuning } from './fetchTuning';
import { GroupMembership } from './groupMembership';
import { GroupOffsetCommitter, OffsetCommitter } from './groupOffsets';
import { RangeFetcher, RecordVisitor } from './rangeFetcher';
import { topicIdOf } from './topicId';
import { waitForTopic } from './waitForTopic';

/**
 * Retries inside one request of the stream's own clients: one quick retry
 * absorbs a stale connection or metadata, and anything longer reaches the
 * OutageGuard within about a second. The guard is the stream's retry loop
 * (it logs the outage and bounds it by --max-outage); the client's default
 * five retries (~9 s a request) hid a broker outage from it: a planning step
 * asks up to four requests in a row, so a 20 s outage could start and end
 * inside the client's retries and never be logged.
 */
const streamClientRetries = 1;

/**
 * The stream's view of the topic, as Spark's KafkaSource: latest and
 * earliest offsets for planning, exact range reads for executing, and the
 * consumer group's committed offsets. A lone consumer joins no group: the
 * consumer client only lists offsets and fetches. An instance of a group
 * (`instance` set) is a member too, to learn which partitions it owns.
 */
export class KafkaSource {
  private constructor(
    readonly topic: string,
    readonly admin: Admin,
    readonly committer: OffsetCommitter,
    private readonly consumer: Consumer,
    private readonly fetcher: RangeFetcher,
    readonly membership?: GroupMembership,
  ) {}

  /** Connects once the topic exists; undefined if `shouldStop` said so while waiting for it. */
  static async open(options: {
    connection: KafkaClientOptions; topic: string; group: string; logger: Logger; shouldStop: () => boolean; tuning?: Partial<FetchTuning>;
    /** Join the group as this instance and read only the partitions it is assigned. */
    instance?: string;
    /** How long a lost group membership is rejoined before the instance gives up (--max-outage; the stream passes it). */
    maxOutageSeconds?: number;
  }): Promise<KafkaSource | undefined> {
    const { connection, topic, logger } = options;
    const admin = createAdmin(connection, { retries: streamClientRetries });
    try {
      if (!(await waitForTopic(admin, topic, logger, options.shouldStop))) {
        await admin.close();
        return undefined;
      }
    } catch (error) {
      await admin.close().catch(() => undefined);
      throw error;
    }
    const consumer = createConsumer(connection, options.group, { isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED, retries: streamClientRetries });
    const fetcher = new RangeFetcher(consumer, topic, fetchTuning(options.tuning));
    if (options.instance === undefined) return new KafkaSource(topic, admin, new GroupOffsetCommitter(admin), consumer, fetcher);
    try {
      const membership = await GroupMembership.join(connection, options.group, topic, options.instance, (options.maxOutageSeconds ?? Infinity) * 1000);
      return new KafkaSource(topic, admin, membership, consumer, fetcher, membership);
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      await admin.close().catch(() => undefined);
      throw error;
    }
  }

  latestOffsets(): Promise<PartitionOffsets> {
    return this.offsetsAt(ListOffsetTimestamps.LATEST);
  }

  earliestOffsets(): Promise<PartitionOffsets> {
    return this.offsetsAt(ListOffsetTimestamps.EARLIEST);
  }

  /**
   * Kafka's id of the topic as it is now. A topic that is gone is a wait the
   * outage guard rides out (it may be being created again), not a failure.
   */
  async topicId(): Promise<string> {
    const id = await topicIdOf(this.admin, this.topic);
    if (id !== undefined) return id;
    throw this.missing();
  }

  /**
   * `use` of the topic known by `expectedId`: a failure because the topic was
   * deleted meanwhile (or deleted and created again) is the same retriable
   * wait as in `topicId`, so the next plan meets the new id.
   */
  async whileTopicExists<T>(expectedId: string, use: () => Promise<T>): Promise<T> {
    try {
      return await use();
    } catch (error) {
      const id = await topicIdOf(this.admin, this.topic).catch(() => expectedId);
      if (id !== expectedId) throw this.missing(error);
      throw error;
    }
  }

  private missing(cause?: unknown): ServiceError {
    return new ServiceError(`Topic ${this.topic} does not exist any more (deleted while the stream was reading it).`, {
      code: 'KAFKA_TOPIC_MISSING',
      retriable: true,
      cause,
      hint: `Create it again (\`iot produce\` does), or stop the stream; a recreated topic stops the stream with TOPIC_RECREATED and says how to continue.`,
    });
  }

  /** Hands every record in [start, end) to `visit`, in offset order per partition. */
  read(start: PartitionOffsets, end: PartitionOffsets, visit: RecordVisitor): Promise<void> {
    return this.fetcher.read(start, end, visit);
  }

  async close(): Promise<void> {
    await this.membership?.leave();
    await this.consumer.close(true).catch(() => undefined);
    await this.admin.close().catch(() => undefined);
  }

  private async offsetsAt(timestamp: bigint): Promise<PartitionOffsets> {
    const offsets = await this.consumer.listOffsets({ topics: [this.topic], timestamp, isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED });
    return Object.fromEntries((offsets.get(this.topic) ?? []).map((offset, partition) => [String(partition), Number(offset)]));
  }
}
