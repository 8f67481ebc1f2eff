import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, Producer, RetryOptions } from 'kafkajs';
import { Logger } from '../log';
import { explicitPartitioner } from './keyPartition';
import { OutgoingMessage } from './messageSource';

/** kafkajs' own retries for one attempt; our loop around it bounds the whole delivery. */
const attemptRetry: RetryOptions = { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 };

/** Like the Java client's delivery.timeout.ms: how long a batch may keep retrying before it counts as not acknowledged. */
export const deliveryTimeoutMs = 120_000;

/** Broker answers that no retry can change. */
const permanentErrors = new Set(['MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'RECORD_LIST_TOO_LARGE']);

/**
 * One idempotent kafkajs producer (acks=all) with exactly one batch in
 * flight. kafkajs numbers an idempotent batch just before sending and winds
 * the number back on failure; a second batch sent meanwhile could take the
 * wound-back number and be dropped by the broker as a "duplicate". So each
 * lane sends one batch at a time and throughput comes from several lanes,
 * each owning its own partitions (ordering per sensor is kept) and its own
 * producer id. A failed attempt is retried with the same producer, so the
 * batch keeps its sequence numbers and the broker drops it if the lost
 * attempt had in fact been written (exactly once). A batch that fails for
 * good (after deliveryTimeoutMs) retires the producer: the next batch starts
 * a fresh producer id, whose numbers cannot collide.
 */
export interface Lane {
  /** Connects ahead of the first batch, so start-up is not counted as sending time. */
  open(): Promise<void>;
  send(batch: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export function createLane(kafka: Kafka, topic: string, logger: Logger): Lane {
  let producer: Producer | undefined;
  const connected = async () => {
    if (producer) return producer;
    const fresh = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: explicitPartitioner,
      retry: attemptRetry,
    });
    await fresh.connect();
    producer = fresh;
    return fresh;
  };
  const retire = async () => {
    const old = producer;
    producer = undefined;
    await old?.disconnect().catch(() => undefined);
  };
  return {
    open: async () => { await connected(); },
    async send(batch) {
      const deadline = Date.now() + deliveryTimeoutMs;
      for (let attempt = 1; ; attempt++) {
        try {
          await (await connected()).sendBatch({ acks: -1, timeout: 30_000, topicMessages: [{ topic, messages: batch }] });
          return;
        } catch (error) {
          const delay = Math.min(5_000, 300 * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
          if (isPermanent(error) || Date.now() + delay >= deadline) {
            logger.warn('producer.batch.failed', { messages: batch.length, attempts: attempt, error });
            await retire();
            throw error;
          }
          logger.warn('producer.batch.retrying', { messages: batch.length, attempt, inMs: Math.round(delay), error });
          await sleep(delay);
        }
      }
    },
    close: retire,
  };
}

function isPermanent(error: unknown): boolean {
  const type = (error as { type?: string }).type;
  return type !== undefined && permanentErrors.has(type);
}
