import { Consumer } from '@platformatic/kafka';
import { PipelineError, ServiceError } from '../../errors';
import { createConsumer, isNeverRetried, KafkaClientOptions, kafkaFailure } from '../../kafka';
import { Logger, silentLogger } from '../../log';
import { retryDelay, retryPolicies } from '../../process';
import { PartitionOffsets } from '../checkpoint';
import { OffsetCommitter } from './groupOffsets';

/** The partitions one member owns, and the membership epoch they were read in. */
export interface Assignment {
  epoch: number;
  partitions: number[];
}

/**
 * This instance's membership of a consumer group, through platformatic's
 * classic group protocol: it joins, heartbeats, rejoins on rebalances and
 * tells which partitions it owns. It never fetches: records are still read
 * as exact ranges by the source. Group offsets are committed as a member
 * (the coordinator refuses commits from outside while members are in).
 */
export class GroupMembership implements OffsetCommitter {
  /** Bumped on every rebalance step, so a batch planned in one epoch can tell it is stale. */
  private epoch = 0;
  private rebalancing = false;
  private closed = false;
  /** Failed rejoins since membership was lost, and when it was lost: the rejoin policy's attempt and --max-outage's clock. */
  private rejoins = 0;
  private lostSince: number | undefined;
  /** Why this member gave up: a refused login, or a group out of reach past --max-outage. `assignment` throws it. */
  private failure: PipelineError | undefined;

  private constructor(
    private readonly consumer: Consumer, readonly topic: string, private readonly logger: Logger,
    private readonly connection: KafkaClientOptions, private readonly maxOutageMs: number,
  ) {
    consumer.on('consumer:group:rebalance', () => {
      this.rebalancing = true;
      this.epoch++;
    });
    consumer.on('consumer:group:join', () => {
      this.rebalancing = false;
      this.epoch++;
      this.rejoins = 0;
      this.lostSince = undefined;
    });
    consumer.on('error', (error: Error) => this.lost(error));
  }

  /**
   * A rejoin that failed (coordinator gone past the client's retries): own
   * nothing, and try again after the rejoin policy's wait, until --max-outage;
   * a refused login or ACL is never tried again.
   */
  private lost(error: Error): void {
    this.rebalancing = true;
    this.epoch++;
    this.lostSince ??= Date.now();
    const outOfTime = Date.now() - this.lostSince >= this.maxOutageMs;
    if (isNeverRetried(error) || outOfTime) {
      this.failure = this.gaveUp(error, outOfTime);
      this.logger.warn('stream.group_membership_lost', { group: this.consumer.groupId, error, retry: 'no' });
      return;
    }
    const delayMs = retryDelay(retryPolicies.groupRejoin, ++this.rejoins);
    this.logger.warn('stream.group_membership_lost', { group: this.consumer.groupId, error, retry: `rejoining in ${Math.round(delayMs / 100) / 10} s` });
    setTimeout(() => this.rejoin(), delayMs).unref();
  }

  private gaveUp(error: Error, outOfTime: boolean): PipelineError {
    const failure = kafkaFailure(error, { ...this.connection, action: `joining consumer group "${this.consumer.groupId}"` });
    if (!outOfTime) return failure;
    return new ServiceError(`This instance could not rejoin consumer group "${this.consumer.groupId}" for ${Math.round(this.maxOutageMs / 1000)} s (--max-outage): ${failure.message}`, {
      code: 'KAFKA_OUTAGE', retriable: false, cause: error,
      hint: 'Rerunning `iot consume` resumes exactly where this run stopped (nothing is lost or doubled); check the brokers with `npx iot services status kafka`.',
    });
  }

  private rejoin(): void {
    if (this.closed) return;
    this.consumer.joinGroup({}).catch((error: Error) => this.consumer.emit('error', error));
  }

  static async join(connection: KafkaClientOptions, group: string, topic: string, instance: string, maxOutageMs: number): Promise<GroupMembership> {
    // A killed instance's partitions move after the session timeout; a rebalance waits at most rebalanceTimeout for members to rejoin.
    const consumer = createConsumer({ ...connection, clientId: `iot-consumer-${instance}` }, group, {
      sessionTimeout: 10_000, rebalanceTimeout: 15_000, heartbeatInterval: 1_000,
    });
    const membership = new GroupMembership(consumer, topic, connection.logger ?? silentLogger, connection, maxOutageMs);
    try {
      consumer.topics.track(topic);
      await consumer.joinGroup({});
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      throw error;
    }
    return membership;
  }

  /** What this member owns now; undefined while a rebalance is under way (plan nothing then); throws once the member gave up. */
  assignment(): Assignment | undefined {
    if (this.failure) throw this.failure;
    if (this.rebalancing || !this.consumer.isActive()) return undefined;
    const partitions = this.consumer.assignments?.find((entry) => entry.topic === this.topic)?.partitions ?? [];
    return { epoch: this.epoch, partitions: [...partitions].sort((a, b) => a - b) };
  }

  /** True while `assignment` is still what the member owns: no rebalance began since it was read. */
  stillOwns(assignment: Assignment): boolean {
    return !this.rebalancing && this.epoch === assignment.epoch;
  }

  /**
   * Commits the offsets of the partitions this member still owns; those a
   * rebalance moved are left to their new owner, which starts past this
   * instance's committed batches anyway (it reads every checkpoint).
   */
  async commit(_group: string, topic: string, offsets: PartitionOffsets): Promise<void> {
    const owned = new Set(this.assignment()?.partitions ?? []);
    const partitionOffsets = Object.entries(offsets)
      .filter(([partition]) => owned.has(Number(partition)))
      .map(([partition, offset]) => ({ topic, partition: Number(partition), offset: BigInt(offset), leaderEpoch: -1 }));
    if (partitionOffsets.length > 0) await this.consumer.commit({ offsets: partitionOffsets });
  }

  /** Leaves the group at once, so the others rebalance without waiting for the session to time out. */
  async leave(): Promise<void> {
    this.closed = true;
    // A graceful close sends LeaveGroup.
    await this.consumer.close().catch(() => this.consumer.close(true).catch(() => undefined));
  }
}
