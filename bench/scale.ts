/**
 * Consumer-group scale-out: records/s of 1, 2 and 3 `iot consume --group G
 * --instance cN` processes sharing one 12-partition, 1,000,000-reading topic
 * (ratios against one process, same run), and the failover time after
 * `kill -9` of one of two members: until the group's committed offsets on
 * the killed member's partitions move again, i.e. the survivor took them over.
 */
import { join } from 'node:path';
import { withAdmin } from '../lib/kafka';
import { waitFor } from '../lib/process';
import { PartitionOffsets } from '../lib/stream/checkpoint';
import { createTopic } from '../test/support/stream/fixtures';
import { groupCommitted, Instance, killNine, logEvents, startInstance, stopInstance } from '../test/support/stream/group';
import { fillTopic } from './consumer';
import { BenchContext, BenchFigure } from './figure';

const records = 1_000_000;
const partitions = 12;
const memberCounts = [1, 2, 3];
/**
 * Bounded batches: with unbounded ones the first member to join claims all 12
 * partitions and reads the whole backlog in one batch before the others are
 * assigned, and 2 or 3 members measure the same as one.
 */
const throughputBatch = ['--trigger', '0.3', '--max-per-batch', '50000'];
/** Small, frequent batches: committed offsets move every fraction of a second, so a takeover shows at once. */
const failoverBatch = ['--trigger', '0.3', '--max-per-batch', '10000'];
const drainTimeoutMs = 10 * 60_000;
const failoverTimeoutMs = 3 * 60_000;

export async function benchmark(context: BenchContext): Promise<BenchFigure[]> {
  const topic = `bench-scale-${Date.now()}`;
  await createTopic(context.brokers, topic, partitions);
  await fillTopic(context, topic, records);
  const end = await topicEndOffsets(context.brokers, topic);
  const rates: number[] = [];
  for (const members of memberCounts) rates.push(await groupRate(context, topic, end, members));
  const failover = await failoverSeconds(context, topic);
  return [
    ...memberCounts.map((members, index) => ({ name: `scale.consumers_${members}.records_per_s`, value: rates[index], unit: 'records/s' })),
    ...memberCounts.slice(1).map((members, index) => ({ name: `scale.consumers_${members}.vs_1`, value: rates[index + 1] / rates[0], unit: 'ratio' })),
    { name: 'scale.failover_seconds', value: failover, unit: 's' },
  ];
}

/** `members` processes in a fresh group and data folder, timed from start until the group committed every end offset. */
async function groupRate(context: BenchContext, topic: string, end: PartitionOffsets, members: number): Promise<number> {
  const group = `${topic}-consumers-${members}`;
  const dataDir = join(context.scratchDir, `consumers-${members}`);
  const total = Object.values(end).reduce((sum, offset) => sum + offset, 0);
  const started = process.hrtime.bigint();
  return withMembers(dataDir, topic, group, members, { brokers: context.brokers, batchArgs: throughputBatch }, async () => {
    const drained = await waitFor(async () => reached(await groupCommitted(group, topic, context.brokers), end), { timeoutMs: drainTimeoutMs, intervalMs: 250 });
    if (!drained) throw new Error(`${members} consumer(s) in group ${group} did not commit the ${total} readings of ${topic} within ${drainTimeoutMs / 60_000} minutes`);
    const rate = total / (Number(process.hrtime.bigint() - started) / 1e9);
    context.logger.info('bench.scale.members', { members, rate });
    return rate;
  });
}

/** Two members over the backlog; once both own and commit partitions, the second is killed with kill -9. */
async function failoverSeconds(context: BenchContext, topic: string): Promise<number> {
  const group = `${topic}-failover`;
  const dataDir = join(context.scratchDir, 'failover');
  return withMembers(dataDir, topic, group, 2, { brokers: context.brokers, batchArgs: failoverBatch }, async (running) => {
    const victim = running[1];
    const committedOf = async () => groupCommitted(group, topic, context.brokers);
    let owned: string[] = [];
    let seen: PartitionOffsets = {};
    const working = await waitFor(async () => {
      owned = ownedPartitions(victim);
      const now = await committedOf();
      const moved = owned.length > 0 && owned.some((partition) => seen[partition] !== undefined && now[partition] > seen[partition]);
      seen = now;
      return moved && running.every((member) => ownedPartitions(member).length > 0);
    }, { timeoutMs: 120_000, intervalMs: 250 });
    if (!working) throw new Error(`the two members of ${group} did not both own and commit partitions within 2 minutes: ${victim.stderr().slice(-1_000)}`);
    await killNine(victim);
    const killedAt = process.hrtime.bigint();
    const atKill = await committedOf();
    context.logger.info('bench.scale.killed', { instance: victim.id, partitions: owned, committed: atKill });
    const takenOver = await waitFor(async () => {
      const now = await committedOf();
      return owned.some((partition) => (now[partition] ?? 0) > (atKill[partition] ?? 0));
    }, { timeoutMs: failoverTimeoutMs, intervalMs: 100 });
    if (!takenOver) throw new Error(`no member of ${group} consumed partitions ${owned.join(', ')} of the killed ${victim.id} within ${failoverTimeoutMs / 60_000} minutes`);
    return Number(process.hrtime.bigint() - killedAt) / 1e9;
  });
}

/** Starts members c1..cN, runs `use`, and stops every one with SIGINT (the killed one is already gone), also on failure. */
async function withMembers<T>(dataDir: string, topic: string, group: string, members: number, options: Parameters<typeof startInstance>[4], use: (running: Instance[]) => Promise<T>): Promise<T> {
  const running: Instance[] = [];
  try {
    for (let member = 1; member <= members; member++) running.push(startInstance(dataDir, topic, group, `c${member}`, options));
    return await use(running);
  } finally {
    await Promise.all(running.map((instance) => stopInstance(instance)));
  }
}

/** The partitions a member owns after its latest rebalance, from its `stream.assignment` log line. */
function ownedPartitions(instance: Instance): string[] {
  const assignments = logEvents(instance, 'stream.assignment');
  const latest = assignments[assignments.length - 1]?.partitions;
  return Array.isArray(latest) ? latest.map(String) : [];
}

function reached(committed: PartitionOffsets, end: PartitionOffsets): boolean {
  return Object.entries(end).every(([partition, offset]) => offset === 0 || (committed[partition] ?? 0) >= offset);
}

async function topicEndOffsets(brokers: string[], topic: string): Promise<PartitionOffsets> {
  const indexes = Array.from({ length: partitions }, (_, partition) => partition);
  const [listed] = await withAdmin({ brokers, clientId: 'bench-scale' }, (admin) =>
    admin.listOffsets({ topics: [{ name: topic, partitions: indexes.map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] }));
  return Object.fromEntries((listed?.partitions ?? []).map((partition) => [String(partition.partitionIndex), Number(partition.offset)]));
}
