import { ServiceError } from '../../errors';
import { createKafkaClient } from '../../kafka';
import { Logger } from '../../log';
import { waitFor } from '../waitFor';

/**
 * A cluster is up when every node has registered as a broker: before that,
 * a topic with 3 replicas cannot be created (INVALID_REPLICATION_FACTOR).
 */
export async function waitForAllBrokers(brokers: string[], count: number, timeoutMs: number, logger: Logger): Promise<void> {
  const kafka = createKafkaClient({ brokers, clientId: 'iot-services', logger });
  let seen = 0;
  const allThere = await waitFor(async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      seen = (await admin.describeCluster()).brokers.length;
      return seen >= count;
    } finally {
      await admin.disconnect();
    }
  }, { timeoutMs, intervalMs: 500 });
  if (!allThere) {
    throw new ServiceError(`Only ${seen} of ${count} Kafka nodes registered within ${Math.round(timeoutMs / 1000)} s.`, {
      code: 'KAFKA_CLUSTER_INCOMPLETE',
      hint: 'See each node\'s kafka.log under DATA_DIR/services/kafka/<node>/; `npx iot services status kafka` shows which nodes run.',
    });
  }
}
