import { ServiceError } from '../../errors';
import { PartitionOffsets } from '../checkpoint';
import { Cluster, ProtocolRequest } from '../../kafka/cluster';
import { FetchTuning } from './fetchTuning';
import { decodeFetchResponse, FetchedPartition, nextOffsetAfter, RecordVisitor, visitRecords } from './recordBatches';

// kafkajs's Fetch v4 encoder (Kafka 4 still serves v4); we only replace the response decoding.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const fetchV4Request = require('kafkajs/src/protocol/requests/fetch/v4/request') as (request: object) => ProtocolRequest<unknown>['request'];
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): Error & { retriable: boolean; type: string } };

const readUncommitted = 0;

interface Round {
  responses: Promise<FetchedPartition[]>[];
  positions: Map<number, number>;
}

/**
 * Reads exact offset ranges [start, end) per partition straight from the
 * partition leaders with Fetch requests, as Spark's KafkaSource does with an
 * assigned (group-less) consumer: nothing to join, nothing to wait out after
 * a kill. The next fetch is in flight while the current one is parsed.
 * Isolation is read_uncommitted, Spark's default; control batches are skipped.
 */
export class RangeFetcher {
  constructor(private readonly cluster: Cluster, private readonly topic: string, private readonly tuning: FetchTuning) {}

  async read(start: PartitionOffsets, end: PartitionOffsets, visit: RecordVisitor): Promise<void> {
    const positions = new Map<number, number>();
    for (const [key, to] of Object.entries(end)) if ((start[key] ?? to) < to) positions.set(Number(key), start[key] ?? to);
    let round = positions.size > 0 ? await this.send(positions) : undefined;
    while (round) {
      const fetched = (await Promise.all(round.responses)).flat().filter((partition) => this.usable(partition, round!.positions, end));
      const after = new Map(round.positions);
      if (fetched.length < round.positions.size) await this.afterLeaderChange();
      // Positions after this round, from batch headers only, so the next request goes out first.
      for (const partition of fetched) {
        const from = after.get(partition.partition);
        if (from === undefined || !partition.records) continue;
        after.set(partition.partition, Math.min(nextOffsetAfter(partition.records, from), end[String(partition.partition)]));
      }
      this.noteProgress(round.positions, after);
      for (const [partition, position] of after) if (position >= end[String(partition)]) after.delete(partition);
      const next = after.size > 0 ? await this.send(after) : undefined;
      for (const partition of fetched) {
        const from = round.positions.get(partition.partition);
        if (from === undefined || !partition.records) continue;
        visitRecords(partition.records, partition.partition, from, end[String(partition.partition)], visit);
      }
      round = next;
    }
  }

  private async send(positions: Map<number, number>): Promise<Round> {
    const leaders = await this.leadersOf([...positions.keys()]);
    const responses = Object.entries(leaders).map(async ([nodeId, partitions]) => {
      const broker = await this.cluster.findBroker({ nodeId });
      const request = fetchV4Request({
        replicaId: -1,
        maxWaitTime: this.tuning.maxWaitTimeInMs,
        minBytes: this.tuning.minBytes,
        maxBytes: this.tuning.maxBytes,
        isolationLevel: readUncommitted,
        topics: [{ topic: this.topic, partitions: partitions.map((partition) => ({ partition, fetchOffset: String(positions.get(partition)), maxBytes: this.tuning.maxBytesPerPartition })) }],
      });
      const { buffer } = await broker.connectionPool.send({
        request,
        response: { decode: async (payload: Buffer) => ({ buffer: payload }), parse: async (decoded: { buffer: Buffer }) => decoded },
      });
      return decodeFetchResponse(buffer);
    });
    // Awaited in the next round; if this round fails first, their rejections must not crash the process.
    for (const response of responses) response.catch(() => undefined);
    return { responses, positions: new Map(positions) };
  }

  private failedRounds = 0;
  private roundsWithoutProgress = 0;

  /** Partitions added since the metadata was loaded have no known leader yet: refresh once. */
  private async leadersOf(partitions: number[]): Promise<Record<string, number[]>> {
    const known = (leaders: Record<string, number[]>) => Object.values(leaders).reduce((sum, list) => sum + list.length, 0) === partitions.length;
    let leaders = this.cluster.findLeaderForPartitions(this.topic, partitions);
    if (known(leaders)) return leaders;
    await this.cluster.refreshMetadata();
    leaders = this.cluster.findLeaderForPartitions(this.topic, partitions);
    if (known(leaders)) return leaders;
    throw new ServiceError(`No leader is known for some partitions of ${this.topic} (${partitions.join(', ')}).`, {
      code: 'KAFKA_NO_LEADER',
      hint: 'Check the broker (`iot services status kafka`) and run `iot consume` again; it redoes the open batch.',
    });
  }

  /** A broker that keeps answering without records below the planned end would loop forever: give up after ~10 s. */
  private noteProgress(before: Map<number, number>, after: Map<number, number>): void {
    const moved = [...after].some(([partition, position]) => position > (before.get(partition) ?? position));
    this.roundsWithoutProgress = moved ? 0 : this.roundsWithoutProgress + 1;
    if (this.roundsWithoutProgress < 100) return;
    throw new ServiceError(`Fetching ${this.topic} made no progress for 100 requests (positions ${JSON.stringify(Object.fromEntries(after))}).`, {
      code: 'KAFKA_FETCH_STALLED',
      hint: 'Check the broker (`iot services status kafka`) and run `iot consume` again; it redoes the open batch.',
    });
  }

  /**
   * A partition's answer is used when it has no error; a retriable error (a
   * leader moved) means fetching it again after a metadata refresh. Anything
   * else ends the run: the restart redoes the open batch.
   */
  private usable(partition: FetchedPartition, positions: Map<number, number>, end: PartitionOffsets): boolean {
    const from = positions.get(partition.partition);
    if (from === undefined) return false;
    if (partition.errorCode === 0) {
      if (!partition.records && partition.highWatermark <= from) throw this.missing(partition, from, end);
      return true;
    }
    const error = createErrorFromCode(partition.errorCode);
    if (error.retriable && ++this.failedRounds < 50) return false;
    throw new ServiceError(`Fetching ${this.topic} partition ${partition.partition} failed: ${error.message} (${error.type}).`, {
      code: 'KAFKA_FETCH_FAILED',
      retriable: error.retriable,
      hint: 'Run `iot consume` again: it redoes the open batch from the checkpoint. If it persists, check the broker (`iot services status kafka`).',
    });
  }

  private async afterLeaderChange(): Promise<void> {
    await this.cluster.refreshMetadata();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  private missing(partition: FetchedPartition, from: number, end: PartitionOffsets): ServiceError {
    return new ServiceError(
      `${this.topic} partition ${partition.partition} ends at ${partition.highWatermark}, but the planned batch reads up to ${end[String(partition.partition)]} from ${from}.`,
      { code: 'KAFKA_RECORDS_MISSING', retriable: false, hint: 'The topic lost records (recreated, or an unclean leader election). Delete DATA_DIR/checkpoint to plan again from the consumer group offsets.' },
    );
  }
}
