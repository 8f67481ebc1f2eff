import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger, silentLogger } from '../log';

// kafkajs warns about its v2 partitioner change on every producer; we key by sensor_id and accept the default.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /** Fail fast when no broker answers: connection attempts stop after about this long. */
  connectTimeoutMs?: number;
}

/** One kafkajs client setup for producer, consumer, admin and readiness checks; its logs join ours. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = options.logger ?? silentLogger;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: Math.min(options.connectTimeoutMs ?? 10_000, 10_000),
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      // kafkajs logs every retried request as an error; the failures that matter reach callers as thrown errors.
      logger.debug(`kafkajs.${entry.namespace || 'client'}`, { kafkajsLevel: logLevel[entry.level], message, ...fields });
    },
  });
}
