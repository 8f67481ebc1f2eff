// Temporary until kafka-produce's lib/kafka/client.ts lands: the same signatures, so the merge swaps the import.
import { Admin, BaseOptions, Consumer, ConsumerOptions } from '@platformatic/kafka';
import { Logger } from '../../log';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
}

function baseOptions(options: KafkaClientOptions): BaseOptions {
  return {
    clientId: options.clientId, bootstrapBrokers: options.brokers, connectTimeout: 10_000, timeout: 30_000, requestTimeout: 30_000,
    retries: 5, retryDelay: (_client, _operation, attempt) => Math.min(300 * 2 ** (attempt - 1), 5_000),
  } as BaseOptions;
}

export function createConsumer(options: KafkaClientOptions, groupId: string, extra: object = {}): Consumer {
  return new Consumer({ ...baseOptions(options), ...extra, groupId } as ConsumerOptions<Buffer, Buffer, Buffer, Buffer>);
}

export function createAdmin(options: KafkaClientOptions): Admin {
  return new Admin(baseOptions(options));
}
