import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka } from 'kafkajs';
import { Cluster, openCluster } from '../kafka';
import { Logger } from '../log';
import { produceRequest } from './produceRequest';
import { nextSequence } from './producerSequence';
import { BatchProducer, encodeRecordBatch, RecordInput } from './recordBatch';
import { createErrorFromCode, sendError } from './produceErrors';

/** Like the Java client's delivery.timeout.ms: how long a batch may keep retrying before it counts as not acknowledged. */
export const deliveryTimeoutMs = 120_000;

/** A record headed for a known partition (the sender routes by sensor). */
export interface LaneRecord extends RecordInput {
  partition: number;
}

/**
 * One idempotent producer (acks=all) with exactly one batch in flight,
 * speaking the Produce protocol itself. kafkajs's producer encodes a record
 * in ≈ 8 µs and groups a request's messages by partition in quadratic time;
 * encoding RecordBatch v2 ourselves costs well under a microsecond a record.
 *
 * Idempotence as the Java client does it: a producer id from InitProducerId,
 * and per partition a sequence number that advances by the record count only
 * once the broker has acknowledged the batch. A failed attempt resends the
 * same bytes (same id, same sequence), so if the lost attempt had in fact
 * been written the broker drops the copy: every acknowledged record is in
 * the topic exactly once. One batch at a time per lane keeps that simple;
 * throughput comes from several lanes, each owning its own partitions (so
 * each sensor stays ordered) and its own producer id and connection. A batch
 * that fails for good (after deliveryTimeoutMs, or an answer no retry can
 * change) retires the producer id: the next batch starts a fresh one, whose
 * numbers cannot collide with what the broker remembers.
 */
export interface Lane {
  /** Connects ahead of the first batch, so start-up is not counted as sending time. */
  open(): Promise<void>;
  send(batch: readonly LaneRecord[]): Promise<void>;
  close(): Promise<void>;
}

interface ProducerIdentity {
  producerId: bigint;
  producerEpoch: number;
  /** Next sequence number per partition. */
  sequences: Map<number, number>;
}

export function createLane(kafka: Kafka, topic: string, logger: Logger): Lane {
  let cluster: Cluster | undefined;
  let identity: ProducerIdentity | undefined;
  const connected = async () => {
    cluster ??= await openCluster(kafka, topic);
    if (!identity) {
      const { producerId, producerEpoch } = await (await cluster.findControllerBroker()).initProducerId({ transactionTimeout: 60_000 });
      identity = { producerId: BigInt(producerId), producerEpoch, sequences: new Map() };
    }
    return { cluster, identity };
  };
  return {
    open: async () => { await connected(); },
    async send(batch) {
      const deadline = Date.now() + deliveryTimeoutMs;
      let pending: Map<number, Buffer> | undefined;
      let counts: Map<number, number> | undefined;
      for (let attempt = 1; ; attempt++) {
        try {
          const lane = await connected();
          // Numbered once, on the first attempt with a producer id: every retry resends these bytes.
          if (!pending) ({ batches: pending, counts } = encodeByPartition(batch, lane.identity));
          await produceOnce(lane.cluster, topic, pending);
          for (const [partition, count] of counts!) lane.identity.sequences.set(partition, nextSequence(lane.identity.sequences.get(partition) ?? 0, count));
          return;
        } catch (error) {
          const failure = sendError(error);
          const delay = Math.min(5_000, 300 * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
          if (failure.permanent || Date.now() + delay >= deadline) {
            logger.warn('producer.batch.failed', { messages: batch.length, attempts: attempt, error: failure.error });
            identity = undefined; // retire: its sequence numbers are now uncertain
            throw failure.error;
          }
          logger.warn('producer.batch.retrying', { messages: batch.length, attempt, inMs: Math.round(delay), error: failure.error });
          await sleep(delay);
          await cluster?.refreshMetadata().catch(() => undefined);
        }
      }
    },
    async close() {
      identity = undefined;
      const old = cluster;
      cluster = undefined;
      await old?.disconnect().catch(() => undefined);
    },
  };
}

/** One record batch per partition, numbered from the partition's next sequence. */
function encodeByPartition(records: readonly LaneRecord[], identity: ProducerIdentity) {
  const byPartition = new Map<number, LaneRecord[]>();
  for (const record of records) {
    const list = byPartition.get(record.partition);
    if (list) list.push(record);
    else byPartition.set(record.partition, [record]);
  }
  const timestamp = Date.now();
  const batches = new Map<number, Buffer>();
  const counts = new Map<number, number>();
  for (const [partition, list] of byPartition) {
    const producer: BatchProducer = { producerId: identity.producerId, producerEpoch: identity.producerEpoch, baseSequence: identity.sequences.get(partition) ?? 0 };
    batches.set(partition, encodeRecordBatch(list, producer, timestamp));
    counts.set(partition, list.length);
  }
  return { batches, counts };
}

/**
 * Sends the batches to their leaders; resolves once every partition is
 * acknowledged. Partitions acknowledged by an attempt are removed from
 * `pending`, so a retry resends only the rest. The broker answers a resent
 * batch it already has with success or DUPLICATE_SEQUENCE_NUMBER: both mean "written".
 */
async function produceOnce(cluster: Cluster, topic: string, pending: Map<number, Buffer>): Promise<void> {
  const leaders = cluster.findLeaderForPartitions(topic, [...pending.keys()]);
  const answers = await Promise.all(Object.entries(leaders).map(async ([nodeId, partitions]) => {
    const broker = await cluster.findBroker({ nodeId });
    const batches = new Map(partitions.map((partition) => [partition, pending.get(partition)!]));
    return broker.connectionPool.send(produceRequest({ topic, acks: -1, timeoutMs: 30_000, batches }));
  }));
  let firstError: number | undefined;
  for (const { partition, errorCode } of answers.flat()) {
    if (errorCode === 0 || errorCode === duplicateSequence) pending.delete(partition);
    else firstError ??= errorCode;
  }
  if (firstError !== undefined) throw createErrorFromCode(firstError);
  if (pending.size > 0) throw new Error(`no leader known for partitions ${[...pending.keys()].join(', ')} of ${topic}`);
}

const duplicateSequence = 46;
