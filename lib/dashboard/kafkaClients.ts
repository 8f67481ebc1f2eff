import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka';

/**
 * The dashboard's Kafka clients. Short timeouts and few retries: a live view
 * must say "Kafka unreachable" within seconds, and it recovers by polling again.
 */
export function dashboardAdmin(brokers: string[]): Admin {
  return new Admin({ clientId: 'iot-dashboard-health', bootstrapBrokers: brokers, timeout: 2_000, retries: 0 });
}

export function dashboardConsumer(brokers: string[], groupId: string): Consumer<string, string, string, string> {
  return new Consumer({
    clientId: 'iot-dashboard',
    groupId,
    bootstrapBrokers: brokers,
    deserializers: stringDeserializers,
    autocommit: false,
    maxWaitTime: 100,
    timeout: 3_000,
    retries: 3,
    retryDelay: 500,
  });
}
