import { Admin, Consumer } from '@platformatic/kafka';
import { createConsumer, KafkaConnection, kafkaBaseOptions } from '../kafka';
import { Logger } from '../log';

/**
 * The dashboard's Kafka clients, built by the project's one factory (so TLS
 * and SASL settings apply here too). A connection attempt gives up after 2 s:
 * a live view must say "Kafka unreachable" within seconds, and recovers by
 * polling again rather than by long retries.
 */
export function dashboardAdmin(connection: KafkaConnection): Admin {
  // No retries: the health poll itself is the retry, once a second; a dead broker must fail the poll at once.
  return new Admin({ ...kafkaBaseOptions({ ...connection, clientId: 'iot-dashboard-health', connectTimeoutMs: 2_000 }), retries: 0, timeout: 2_000 });
}

export function dashboardConsumer(connection: KafkaConnection, groupId: string, logger?: Logger): Consumer {
  return createConsumer({ ...connection, clientId: 'iot-dashboard', connectTimeoutMs: 2_000, logger }, groupId, {
    autocommit: false,
    maxWaitTime: 100,
    timeout: 5_000,
    retries: 3,
  });
}
