import { Admin } from 'kafkajs';
import { ServiceError } from '../../errors';
import { PartitionOffsets } from '../checkpoint';
import { Cluster } from '../../kafka/cluster';

/**
 * The configured consumer group only ever holds committed offsets: no member
 * joins it (records are fetched without a group), so a killed consumer
 * leaves no member behind to wait for.
 */
export async function fetchGroupOffsets(admin: Admin, group: string, topic: string): Promise<PartitionOffsets | undefined> {
  const [result] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const committed = (result?.partitions ?? []).filter((entry) => Number(entry.offset) >= 0);
  if (committed.length === 0) return undefined;
  return Object.fromEntries(committed.map((entry) => [String(entry.partition), Number(entry.offset)]));
}

/**
 * Commits offsets to a group without joining it: an OffsetCommit with
 * generation -1 and no member id, as Kafka's own AdminClient
 * alterConsumerGroupOffsets sends. kafkajs's admin.setOffsets instead runs a
 * consumer that joins the group (about 5 s per call, and a killed call leaves
 * a member behind), so we send the request on kafkajs's cluster connection.
 */
export class GroupOffsetCommitter {
  constructor(private readonly cluster: Cluster) {}

  async commit(group: string, topic: string, offsets: PartitionOffsets): Promise<void> {
    const partitions = Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: String(offset) }));
    if (partitions.length === 0) return;
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const coordinator = await this.cluster.findGroupCoordinator({ groupId: group });
        await coordinator.offsetCommit({ groupId: group, groupGenerationId: -1, memberId: '', topics: [{ topic, partitions }] });
        return;
      } catch (error) {
        lastError = error;
        if (isActiveGroup(error)) throw activeGroupError(group);
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
    throw lastError;
  }
}

function isActiveGroup(error: unknown): boolean {
  const type = (error as { type?: string }).type;
  return type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID' || type === 'REBALANCE_IN_PROGRESS';
}

/** Fails fast, before any batch, when another consumer is a member of the group we commit to. */
export async function checkGroupHasNoMembers(admin: Admin, group: string): Promise<void> {
  const { groups } = await admin.describeGroups([group]);
  if ((groups[0]?.members.length ?? 0) > 0) throw activeGroupError(group);
}

function activeGroupError(group: string): ServiceError {
  return new ServiceError(`Consumer group "${group}" has active members, so its offsets cannot be committed from outside.`, {
    code: 'GROUP_HAS_MEMBERS',
    retriable: false,
    hint: `Give \`iot consume --group\` a group that no other consumer joins, or stop the consumers that use "${group}".`,
  });
}
