import { Consumer, FetchIsolationLevels, IS_CONTROL } from '@platformatic/kafka';
import { describeKafkaError, hasKafkaError, isRetriableKafkaError } from '../../kafka';
import { isPipelineError, isStorageErrno, ServiceError } from '../../errors';
import { PartitionOffsets } from '../checkpoint';
import { FetchTuning } from './fetchTuning';
import { retryDelay, retryPolicies, sleep } from '../../process';

/** Called per record: the value as text (null when absent) and the record's timestamp in ms. */
export type RecordVisitor = (partition: number, offset: number, value: Buffer | null, timestamp: number) => void;

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
type FetchedPartition = FetchResponse['responses'][number]['partitions'][number];

/** A record batch's offset and length fields, which its `length` leaves out. */
const batchFramingBytes = 12;
const minPartitionBytes = 64 * 1024;

const rerunHint = 'Run `iot consume` again: it redoes the open batch from the checkpoint. If it persists, check the broker (`iot services status kafka`).';

/**
 * Reads exact offset ranges [start, end) per partition from the partition
 * leaders with `Consumer.fetch`, as Spark's KafkaSource does with an assigned
 * (group-less) consumer: nothing to join, nothing to wait out after a kill.
 * One fetch per leader is in flight while the previous answer is visited.
 * The client decompresses whatever codec the producer used; isolation is
 * read_uncommitted, Spark's default; control batches are skipped.
 */
/** Failed fetch rounds in a row (no record read between them) before the failure goes to the stream's outage handling. */
const maxFailedRoundsInARow = 5;

export class RangeFetcher {
  private roundsWithoutProgress = 0;
  /** Bytes a record takes on the wire (batch framing and compression included), learnt from the answers. */
  private bytesPerRecord = 256;

  constructor(private readonly consumer: Consumer, private readonly topic: string, private readonly tuning: FetchTuning) {}

  async read(start: PartitionOffsets, end: PartitionOffsets, visit: RecordVisitor): Promise<void> {
    const positions = new Map<number, number>();
    for (const [key, to] of Object.entries(end)) if ((start[key] ?? to) < to) positions.set(Number(key), start[key] ?? to);
    let failedInARow = 0;
    while (positions.size > 0) {
      const before = remaining(positions, end);
      const { topicId, leaders } = await this.leadersOf([...positions.keys()], failedInARow > 0);
      const reads = [...leaders].map(([node, partitions]) => this.readFromLeader(node, topicId, partitions, positions, end, visit));
      const failure = (await Promise.allSettled(reads)).find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (!failure) continue;
      // Counted per read and reset by progress: a long run's occasional leader moves never add up to a failure.
      failedInARow = remaining(positions, end) < before ? 1 : failedInARow + 1;
      this.retryOrThrow(failure.reason, failedInARow);
      // A leader moved or a connection dropped: route what is left again on fresh metadata, after the fetch policy's wait.
      await sleep(retryDelay(retryPolicies.fetch, failedInARow));
    }
  }

  /** Fetches `partitions` from one leader until each reaches its end; `positions` always says what was visited. */
  private async readFromLeader(
    node: number, topicId: string, partitions: number[], positions: Map<number, number>, end: PartitionOffsets, visit: RecordVisitor,
  ): Promise<void> {
    let requested = new Map(partitions.map((partition) => [partition, positions.get(partition)!]));
    let pending: Promise<FetchResponse> | undefined = this.fetch(node, topicId, requested, end);
    while (pending) {
      const fetched = this.usable(await pending, requested);
      this.learnRecordSize(fetched);
      const after = new Map(requested);
      for (const partition of fetched) after.set(partition.partitionIndex, Math.min(nextOffsetAfter(partition, requested.get(partition.partitionIndex)!), end[String(partition.partitionIndex)]));
      this.noteProgress(requested, after);
      for (const [partition, position] of after) if (position >= end[String(partition)]) after.delete(partition);
      // The next request goes out before this answer's records are visited.
      pending = after.size > 0 ? this.fetch(node, topicId, after, end) : undefined;
      for (const partition of fetched) visitPartition(partition, requested.get(partition.partitionIndex)!, end[String(partition.partitionIndex)], visit);
      for (const partition of requested.keys()) {
        if (after.has(partition)) positions.set(partition, after.get(partition)!);
        else positions.delete(partition);
      }
      requested = after;
    }
  }

  /**
   * Each partition asks for about the bytes its rest of the range takes: the
   * client decodes every record of an answer, so a small batch must not pull
   * megabytes it then drops. The broker still sends at least one whole
   * batch, however large, so a low estimate only costs another round.
   */
  private fetch(node: number, topicId: string, positions: Map<number, number>, end: PartitionOffsets): Promise<FetchResponse> {
    const response = this.consumer.fetch({
      node,
      maxWaitTime: this.tuning.maxWaitTimeInMs,
      minBytes: this.tuning.minBytes,
      maxBytes: this.tuning.maxBytes,
      isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
      topics: [{
        topicId,
        partitions: [...positions].map(([partition, offset]) => ({
          partition, fetchOffset: BigInt(offset), partitionMaxBytes: this.bytesFor(end[String(partition)] - offset), currentLeaderEpoch: -1, lastFetchedEpoch: -1,
        })),
      }],
    });
    // Awaited later; if the read fails first, its rejection must not crash the process.
    response.catch(() => undefined);
    return response;
  }

  private bytesFor(records: number): number {
    return Math.min(this.tuning.maxBytesPerPartition, Math.max(minPartitionBytes, Math.ceil(records * this.bytesPerRecord * 1.1)));
  }

  private learnRecordSize(fetched: FetchedPartition[]): void {
    let bytes = 0;
    let records = 0;
    for (const batch of fetched.flatMap((partition) => partition.records ?? [])) {
      bytes += batch.length + batchFramingBytes;
      records += batch.lastOffsetDelta + 1;
    }
    if (records > 0) this.bytesPerRecord = bytes / records;
  }

  /** The leader of each partition, from the client's metadata (refreshed after a failed round). */
  private async leadersOf(partitions: number[], refresh: boolean): Promise<{ topicId: string; leaders: Map<number, number[]> }> {
    const metadata = await this.consumer.metadata({ topics: [this.topic], forceUpdate: refresh });
    const topic = metadata.topics.get(this.topic);
    const leaders = new Map<number, number[]>();
    for (const partition of partitions) {
      const leader = topic?.partitions[partition]?.leader ?? -1;
      if (leader < 0 || !metadata.brokers.has(leader)) {
        throw new ServiceError(`No leader is known for ${this.topic} partition ${partition}.`, { code: 'KAFKA_NO_LEADER', retriable: true, hint: rerunHint });
      }
      leaders.set(leader, [...(leaders.get(leader) ?? []), partition]);
    }
    return { topicId: topic!.id, leaders };
  }

  /**
   * The partitions of an answer that we asked for. An incremental fetch
   * session may leave out a partition with nothing new, or repeat one we
   * no longer want; both are ignored. No records at or past the high
   * watermark means the planned range is gone from the topic.
   */
  private usable(response: FetchResponse, requested: Map<number, number>): FetchedPartition[] {
    const fetched = response.responses.flatMap((topic) => topic.partitions).filter((partition) => requested.has(partition.partitionIndex));
    for (const partition of fetched) {
      const from = requested.get(partition.partitionIndex)!;
      if (!partition.records?.length && Number(partition.highWatermark) <= from) throw this.missing(partition.partitionIndex, from, Number(partition.highWatermark));
    }
    return fetched;
  }

  /** Retriable failures (a leader moved, a connection dropped) are tried again a few rounds in a row; anything else ends the read. */
  private retryOrThrow(error: unknown, failedInARow: number): void {
    // The visitor writes part files: a full or read-only disk is the sink's failure, not Kafka's.
    if (isPipelineError(error) || isStorageErrno(error)) throw error;
    if (hasKafkaError(error, 'OFFSET_OUT_OF_RANGE')) throw this.missing(undefined, undefined, undefined);
    const retriable = isRetriableKafkaError(error);
    if (retriable && failedInARow <= maxFailedRoundsInARow) return;
    throw new ServiceError(`Fetching ${this.topic} failed: ${describeKafkaError(error)}.`, { code: 'KAFKA_FETCH_FAILED', retriable, cause: error, hint: rerunHint });
  }

  /** A broker that keeps answering without records below the planned end would loop forever: give up after 100 answers. */
  private noteProgress(before: Map<number, number>, after: Map<number, number>): void {
    const moved = [...after].some(([partition, position]) => position > (before.get(partition) ?? position));
    this.roundsWithoutProgress = moved ? 0 : this.roundsWithoutProgress + 1;
    if (this.roundsWithoutProgress < 100) return;
    throw new ServiceError(`Fetching ${this.topic} made no progress for 100 requests (positions ${JSON.stringify(Object.fromEntries(after))}).`, {
      code: 'KAFKA_FETCH_STALLED', retriable: false,
      hint: rerunHint,
    });
  }

  private missing(partition: number | undefined, from: number | undefined, highWatermark: number | undefined): ServiceError {
    const where = partition === undefined
      ? `Some records of ${this.topic} the planned batch reads are no longer in the topic (offset out of range)`
      : `${this.topic} partition ${partition} ends at ${highWatermark}, but the planned batch reads from ${from}`;
    return new ServiceError(`${where}.`, {
      code: 'KAFKA_RECORDS_MISSING',
      retriable: false,
      hint: 'The topic lost records (recreated, deleted by retention, or an unclean leader election). Delete DATA_DIR/checkpoint to plan again from the consumer group offsets.',
    });
  }
}

/** Records still to read over all partitions. */
function remaining(positions: Map<number, number>, end: PartitionOffsets): number {
  let total = 0;
  for (const [partition, position] of positions) total += end[String(partition)] - position;
  return total;
}

/** The offset after the last whole batch of an answer (control batches included): where the next fetch starts. */
export function nextOffsetAfter(partition: FetchedPartition, from: number): number {
  const batches = partition.records;
  if (!batches?.length) return from;
  const last = batches[batches.length - 1];
  return Math.max(from, Number(last.firstOffset) + last.lastOffsetDelta + 1);
}

/** Visits the records in [from, to): a compressed batch arrives whole, so it may start before `from`. */
export function visitPartition(partition: FetchedPartition, from: number, to: number, visit: RecordVisitor): void {
  for (const batch of partition.records ?? []) {
    if ((batch.attributes & IS_CONTROL) !== 0) continue;
    const baseOffset = Number(batch.firstOffset);
    if (baseOffset + batch.lastOffsetDelta < from) continue;
    const firstTimestamp = Number(batch.firstTimestamp);
    for (const record of batch.records) {
      const offset = baseOffset + record.offsetDelta;
      if (offset < from) continue;
      if (offset >= to) return;
      visit(partition.partitionIndex, offset, record.value ?? null, firstTimestamp + Number(record.timestampDelta));
    }
  }
}
