import { Consumer } from '@platformatic/kafka';
import { createConsumer, KafkaClientOptions } from '../../kafka';
import { Logger, silentLogger } from '../../log';
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

  private constructor(private readonly consumer: Consumer, readonly topic: string, private readonly logger: Logger) {
    consumer.on('consumer:group:rebalance', () => {
      this.rebalancing = true;
      this.epoch++;
    });
    consumer.on('consumer:group:join', () => {
      this.rebalancing = false;
      this.epoch++;
    });
    // A rejoin that failed (coordinator gone past the client's retries): own nothing, and try again.
    consumer.on('error', (error: Error) => {
      this.rebalancing = true;
      this.epoch++;
      this.logger.warn('stream.group_membership_lost', { group: consumer.groupId, error, retry: 'rejoining in 1 s' });
      setTimeout(() => this.rejoin(), 1_000).unref();
    });
  }

  private rejoin(): void {
    if (this.closed) return;
    this.consumer.joinGroup({}).catch((error: Error) => this.consumer.emit('error', error));
  }

  static async join(connection: KafkaClientOptions, group: string, topic: string, instance: string): Promise<GroupMembership> {
    // A killed instance's partitions move after the session timeout; a rebalance waits at most rebalanceTimeout for members to rejoin.
    const consumer = createConsumer({ ...connection, clientId: `iot-consumer-${instance}` }, group, {
      sessionTimeout: 10_000, rebalanceTimeout: 15_000, heartbeatInterval: 1_000,
    });
    const membership = new GroupMembership(consumer, topic, connection.logger ?? silentLogger);
    try {
      consumer.topics.track(topic);
      await consumer.joinGroup({});
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      throw error;
    }
    return membership;
  }

  /** What this member owns now; undefined while a rebalance is under way (plan nothing then). */
  assignment(): Assignment | undefined {
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
