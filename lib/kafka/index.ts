export { createKafkaClient } from './client';
export type { KafkaClientOptions } from './client';
export { localKafkaNodes, resolveBrokers } from './brokers';
export type { LocalKafkaNode } from './brokers';
export { checkKafkaReady, waitForKafka } from './readiness';
export { ensureTopic, readTopicToEnd } from './topic';
export type { TopicRecord } from './topic';
export { openCluster } from './cluster';
export type { Cluster, ClusterBroker, ProtocolRequest } from './cluster';
