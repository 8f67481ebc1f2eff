import { ProduceAcks } from '@platformatic/kafka';
import { createProducer, KafkaClientOptions, kafkaFailure } from '../kafka';
import { retryDelay, retryPolicies } from '../process';
import { javaCompatiblePartitioner } from './keyPartition';
import { OutgoingMessage } from './messageSource';

import { Compression, compressions } from './compressions';

export { Compression, compressions };

/** Like the Java client's delivery.timeout.ms: how long a batch keeps retrying before it counts as not acknowledged. */
export const deliveryTimeoutMs = 120_000;
/** Retries that fill deliveryTimeoutMs with the delays above (plus request time). */
const deliveryRetries = 40;

export interface DeliveryOptions {
  client: KafkaClientOptions;
  topic: string;
  compression: Compression;
}

/** Sends batches of messages; each promise resolves once the broker has every message of it exactly once. */
export interface Delivery {
  /** Gets the producer id ahead of the first batch, so start-up is not counted as sending time. */
  open(): Promise<void>;
  send(batch: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * platformatic's idempotent producer with acks=all: a producer id, and per
 * partition a sequence number given to a batch once and kept by every retry,
 * so the broker drops a copy of a batch it already has. Retries (lost
 * connection, leader moving) run inside platformatic with the same sequence;
 * we never resend a batch ourselves, which would number it anew.
 */
export function createDelivery(options: DeliveryOptions): Delivery {
  const producer = createProducer(options.client, {
    idempotent: true,
    acks: ProduceAcks.ALL,
    compression: options.compression,
    partitioner: javaCompatiblePartitioner,
    retries: deliveryRetries,
    retryDelay: (_client, _operation, attempt) => retryDelay(retryPolicies.delivery, attempt),
  });
  const { topic } = options;
  const failed = (error: unknown, action: string) => kafkaFailure(error, { ...options.client, action });
  return {
    async open() {
      await producer.initIdempotentProducer({}).catch((error) => { throw failed(error, 'starting an idempotent producer'); });
    },
    async send(batch) {
      // The partition is the one Java's partitioner gives the key, computed once per sensor by the message source: no hash per message.
      const messages = batch.map((message) => ({ topic, key: message.key, value: Buffer.from(message.value), partition: message.partition }));
      await producer.send({ messages }).catch((error) => { throw failed(error, `producing to ${topic}`); });
    },
    async close() {
      await producer.close().catch(() => producer.close(true).catch(() => undefined));
    },
  };
}
