import { Admin } from '@platformatic/kafka';
import { hasKafkaError } from '../../kafka';
import { ServiceError } from '../../errors';
import { PartitionOffsets } from '../checkpoint';

/**
 * The configured consumer group only ever holds committed offsets: no member
 * joins it (records are fetched without a group), so a killed consumer
 * leaves no member behind to wait for.
 */
export async function fetchGroupOffsets(admin: Admin, group: string, topic: string): Promise<PartitionOffsets | undefined> {
  const [result] = await admin.listConsumerGroupOffsets({ groups: [group] });
  const partitions = result?.topics.find((entry) => entry.name === topic)?.partitions ?? [];
  const committed = partitions.filter((entry) => entry.committedOffset >= 0n);
  if (committed.length === 0) return undefined;
  return Object.fromEntries(committed.map((entry) => [String(entry.partitionIndex), Number(entry.committedOffset)]));
}

/**
 * Commits offsets to a group without joining it: `Admin.alterConsumerGroupOffsets`
 * sends an OffsetCommit with generation -1 and no member id, as Kafka's own
 * AdminClient does, and retries on its own.
 */
/** Commits a batch's end offsets to the consumer group. */
export interface OffsetCommitter {
  commit(group: string, topic: string, offsets: PartitionOffsets): Promise<void>;
}

export class GroupOffsetCommitter implements OffsetCommitter {
  constructor(private readonly admin: Admin) {}

  async commit(group: string, topic: string, offsets: PartitionOffsets): Promise<void> {
    const partitionOffsets = Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: BigInt(offset) }));
    if (partitionOffsets.length === 0) return;
    try {
      await this.admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets }] });
    } catch (error) {
      // The coordinator refuses a commit from outside while members are in the group.
      if (activeGroupErrors.some((apiId) => hasKafkaError(error, apiId))) throw activeGroupError(group);
      throw error;
    }
  }
}

const activeGroupErrors = ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS'];

/** Fails fast, before any batch, when another consumer is a member of the group we commit to. */
export async function checkGroupHasNoMembers(admin: Admin, group: string): Promise<void> {
  const groups = await admin.describeGroups({ groups: [group] });
  if ((groups.get(group)?.members.size ?? 0) > 0) throw activeGroupError(group);
}

function activeGroupError(group: string): ServiceError {
  return new ServiceError(`Consumer group "${group}" has active members, so its offsets cannot be committed from outside.`, {
    code: 'GROUP_HAS_MEMBERS',
    retriable: false,
    hint: `Give \`iot consume --group\` a group that no other consumer joins, or stop the consumers that use "${group}".`,
  });
}
