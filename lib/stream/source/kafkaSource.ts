import { Admin, Kafka } from 'kafkajs';
import { Logger } from '../../log';
import { PartitionOffsets } from '../checkpoint';
import { Cluster, openCluster } from '../../kafka/cluster';
import { FetchTuning, fetchTuning } from './fetchTuning';
import { GroupOffsetCommitter } from './groupOffsets';
import { RangeFetcher } from './rangeFetcher';
import { RecordVisitor } from './recordBatches';
import { waitForTopic } from './waitForTopic';

/**
 * The stream's view of the topic, as Spark's KafkaSource: latest and
 * earliest offsets for planning, exact range reads for executing, and the
 * consumer group's committed offsets. No consumer group is joined.
 */
export class KafkaSource {
  private constructor(
    readonly topic: string,
    readonly admin: Admin,
    readonly committer: GroupOffsetCommitter,
    private readonly cluster: Cluster,
    private readonly fetcher: RangeFetcher,
  ) {}

  /** Connects once the topic exists; undefined if `shouldStop` said so while waiting for it. */
  static async open(options: {
    kafka: Kafka; topic: string; logger: Logger; shouldStop: () => boolean; tuning?: Partial<FetchTuning>;
  }): Promise<KafkaSource | undefined> {
    const { kafka, topic, logger } = options;
    const admin = kafka.admin();
    await admin.connect();
    if (!(await waitForTopic(admin, topic, logger, options.shouldStop))) {
      await admin.disconnect();
      return undefined;
    }
    const cluster = await openCluster(kafka, topic);
    const fetcher = new RangeFetcher(cluster, topic, fetchTuning(options.tuning));
    return new KafkaSource(topic, admin, new GroupOffsetCommitter(cluster), cluster, fetcher);
  }

  async latestOffsets(): Promise<PartitionOffsets> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return Object.fromEntries(offsets.map((entry) => [String(entry.partition), Number(entry.high)]));
  }

  async earliestOffsets(): Promise<PartitionOffsets> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return Object.fromEntries(offsets.map((entry) => [String(entry.partition), Number(entry.low)]));
  }

  /** Hands every record in [start, end) to `visit`, in offset order per partition. */
  read(start: PartitionOffsets, end: PartitionOffsets, visit: RecordVisitor): Promise<void> {
    return this.fetcher.read(start, end, visit);
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
    await this.cluster.disconnect().catch(() => undefined);
  }
}
