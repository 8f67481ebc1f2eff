import { Kafka, Producer, RetryOptions } from 'kafkajs';
import { Logger } from '../log';
import { explicitPartitioner } from './keyPartition';
import { OutgoingMessage } from './messageSource';

/**
 * Retries with exponential backoff, bounded: 300 ms doubling to 5 s, ten
 * times, so a lost broker is given about half a minute per batch before the
 * batch counts as not acknowledged.
 */
export const deliveryRetry: RetryOptions = { retries: 10, initialRetryTime: 300, maxRetryTime: 5_000, multiplier: 2, factor: 0.2 };

/**
 * One idempotent kafkajs producer (acks=all) with exactly one batch in
 * flight. kafkajs numbers an idempotent batch just before sending and winds
 * the number back on failure; a second batch sent meanwhile could take the
 * wound-back number and be dropped by the broker as a "duplicate". So each
 * lane sends one batch at a time and throughput comes from several lanes,
 * each owning its own partitions (ordering per sensor is kept) and its own
 * producer id. A batch that fails for good retires the producer: the next
 * batch starts a fresh producer id, whose numbers cannot collide.
 */
export interface Lane {
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
      retry: deliveryRetry,
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
    async send(batch) {
      try {
        await (await connected()).sendBatch({ acks: -1, timeout: 30_000, topicMessages: [{ topic, messages: batch }] });
      } catch (error) {
        logger.warn('producer.batch.failed', { messages: batch.length, error });
        await retire();
        throw error;
      }
    },
    close: retire,
  };
}
