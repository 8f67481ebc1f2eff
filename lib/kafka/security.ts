import type { BaseOptions } from '@platformatic/kafka';
import { Config } from '../config';

/** What a client needs to reach a secured Kafka: platformatic's own TLS and SASL options. */
export type KafkaSecurityOptions = Pick<BaseOptions, 'tls' | 'tlsServerName' | 'sasl'>;

/**
 * TLS and SASL settings from the configuration, spread into every client's
 * options by `lib/kafka/client.ts`. PLAINTEXT for now (no options); the
 * security settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*) fill
 * this in without touching the factory.
 */
export function kafkaSecurityOptions(_config: Config): KafkaSecurityOptions {
  return {};
}
