import { ServiceError } from '../../errors';
import { KafkaClientOptions, withAdmin } from '../../kafka';
import { waitFor } from '../../process';

/**
 * A cluster is up when every node has registered as a broker: before that,
 * a topic with 3 replicas cannot be created (INVALID_REPLICATION_FACTOR).
 */
export async function waitForAllBrokers(client: KafkaClientOptions, count: number, timeoutMs: number): Promise<void> {
  let seen = 0;
  const allThere = await waitFor(() => withAdmin(client, async (admin) => {
    seen = (await admin.metadata({ forceUpdate: true })).brokers.size;
    return seen >= count;
  }), { timeoutMs, intervalMs: 500 });
  if (!allThere) {
    throw new ServiceError(`Only ${seen} of ${count} Kafka nodes registered within ${Math.round(timeoutMs / 1000)} s.`, {
      code: 'KAFKA_CLUSTER_INCOMPLETE', retriable: true,
      hint: 'See each node\'s kafka.log under DATA_DIR/services/kafka/<node>/; `npx iot services status kafka` shows which nodes run.',
    });
  }
}
