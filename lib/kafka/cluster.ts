import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger, silentLogger } from '../log';

// Left only for the stream source, which still reads through kafkajs's cluster; it goes with this file.
// Everything else uses @platformatic/kafka through ./client.ts.

// kafkajs warns about its v2 partitioner change on every producer; we key by sensor_id and accept the default.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** A kafkajs client for the stream source, whose logs join ours. */
export function createKafkaClient(options: { brokers: string[]; clientId: string; logger?: Logger }): Kafka {
  const logger = options.logger ?? silentLogger;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      logger.debug(`kafkajs.${entry.namespace || 'client'}`, { kafkajsLevel: logLevel[entry.level], message, ...fields });
    },
  });
}

/** A request as kafkajs's connections send it: an encoder, and how to read the answer. */
export interface ProtocolRequest<T> {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<unknown> };
  response: { decode(payload: Buffer): Promise<T>; parse(decoded: T): Promise<T> };
}

export interface ClusterBroker {
  connectionPool: { send<T>(request: ProtocolRequest<T>): Promise<T> };
  offsetCommit(request: {
    groupId: string; groupGenerationId: number; memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
  /** InitProducerId without a transactional id: a fresh idempotent producer id (a string of the int64). */
  initProducerId(request: { transactionalId?: string; transactionTimeout: number }): Promise<{ producerId: string; producerEpoch: number }>;
}

/** The parts of kafkajs's internal Cluster we use: metadata, leaders, brokers, coordinators. */
export interface Cluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(request: { nodeId: string | number }): Promise<ClusterBroker>;
  findGroupCoordinator(request: { groupId: string }): Promise<ClusterBroker>;
  findControllerBroker(): Promise<ClusterBroker>;
}

/**
 * kafkajs's cluster connection, which its public API keeps private. We need
 * it for what that API cannot do: fetch exact offset ranges without joining
 * a consumer group (as Spark's assign()), commit a group's offsets
 * without joining it, and send Produce requests we encode ourselves.
 * kafkajs 2.2.4 is its last release, so this is stable.
 */
export async function openCluster(kafka: Kafka, topic: string): Promise<Cluster> {
  const symbol = Object.getOwnPropertySymbols(kafka).find((candidate) => candidate.description === 'private:Kafka:createCluster');
  const createCluster = symbol && (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof createCluster !== 'function') throw new Error('this kafkajs version has no cluster factory; pin kafkajs 2.2.x');
  const cluster = createCluster({ allowAutoTopicCreation: false }) as Cluster;
  await cluster.connect();
  await cluster.addTargetTopic(topic);
  return cluster;
}
