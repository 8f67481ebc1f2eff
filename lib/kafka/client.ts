import { Admin, AdminOptions, BaseOptions, Consumer, ConsumerOptions, Producer, ProducerOptions } from '@platformatic/kafka';
import { Config, KafkaSecurity } from '../config';
import { Logger, silentLogger } from '../log';
import { retryDelay, retryPolicies } from '../process';
import { resolveBrokers } from './brokers';
import { kafkaSecurityOptions, readTlsFiles } from './security';

/** Where Kafka is and how to authenticate: what every client of ours needs, from the configuration. */
export interface KafkaConnection {
  brokers: string[];
  /**
   * TLS / SASL as configured; unset is PLAINTEXT. Plain data (file names, not
   * their contents; no functions), so it crosses to worker threads and lets
   * errors name the mechanism, user and CA file; kafkaBaseOptions turns it into
   * platformatic's options.
   */
  security?: KafkaSecurity;
}

export interface KafkaClientOptions extends KafkaConnection {
  clientId: string;
  logger?: Logger;
  /** Fail fast when no broker answers: one connection attempt gives up after this long (at most 10 s). */
  connectTimeoutMs?: number;
}

/** The brokers and security settings of `config`, to spread into any client's or stage's options. */
export function kafkaConnection(config: Config): Required<KafkaConnection> {
  const { security } = config.kafka;
  // A missing or non-PEM certificate file stops the command here, before any retry loop could hide it.
  if (security.tls) readTlsFiles(security.tls);
  return { brokers: resolveBrokers(config), security };
}

/**
 * The options every platformatic client of ours shares: the brokers, a client
 * id, timeouts, retries with a growing delay, and the security settings.
 * Requests wait up to 30 s (Kafka's own request.timeout.ms): a broker under
 * load or electing a leader answers late, not never.
 */
export function kafkaBaseOptions(options: KafkaClientOptions): BaseOptions {
  return {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    connectTimeout: Math.min(options.connectTimeoutMs ?? 10_000, 10_000),
    timeout: 30_000,
    requestTimeout: 30_000,
    retries: 5,
    retryDelay: (_client, _operation, attempt) => retryDelay(retryPolicies.kafkaRequest, attempt),
    ...kafkaSecurityOptions(options.security, options.brokers, options.logger),
  };
}

/** A producer on our base options; `extra` holds what only producers have (idempotence, acks, compression...). */
export function createProducer(options: KafkaClientOptions, extra: Partial<ProducerOptions<Buffer, Buffer, Buffer, Buffer>> = {}): Producer {
  return logged(new Producer({ ...kafkaBaseOptions(options), ...extra }), options.logger);
}

/** A consumer of `groupId` on our base options; `extra` holds what only consumers have. */
export function createConsumer(options: KafkaClientOptions, groupId: string, extra: Partial<ConsumerOptions<Buffer, Buffer, Buffer, Buffer>> = {}): Consumer {
  return logged(new Consumer({ ...kafkaBaseOptions(options), ...extra, groupId } as ConsumerOptions<Buffer, Buffer, Buffer, Buffer>), options.logger);
}

/** An admin client (topics, groups, offsets) on our base options. */
export function createAdmin(options: KafkaClientOptions, extra: Partial<AdminOptions> = {}): Admin {
  return logged(new Admin({ ...kafkaBaseOptions(options), ...extra }), options.logger);
}

/** Runs `use` with a fresh admin client and closes it afterwards, also on failure. */
export async function withAdmin<T>(options: KafkaClientOptions, use: (admin: Admin) => Promise<T>, extra: Partial<AdminOptions> = {}): Promise<T> {
  const admin = createAdmin(options, extra);
  try {
    return await use(admin);
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Lost and refused broker connections join our debug log; the failures that matter reach callers as errors. */
function logged<T extends Admin | Consumer | Producer>(client: T, logger: Logger = silentLogger): T {
  client.on('client:broker:failed', ({ broker }: { broker: { host: string; port: number } }) => logger.debug('kafka.broker.failed', { clientId: client.clientId, broker: `${broker.host}:${broker.port}` }));
  client.on('client:broker:disconnect', ({ broker }: { broker: { host: string; port: number } }) => logger.debug('kafka.broker.disconnect', { clientId: client.clientId, broker: `${broker.host}:${broker.port}` }));
  return client;
}
