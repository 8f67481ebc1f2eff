import { Config } from '../config';

/** One node of our own local Kafka: broker and controller in one process, on loopback. */
export interface LocalKafkaNode {
  /** KRaft node.id, 1-based. */
  id: number;
  brokerPort: number;
  controllerPort: number;
}

/**
 * The port layout of our own Kafka: brokers on `port` … `port+nodes-1` (so
 * clients list consecutive ports), their controllers on the next `nodes`
 * ports. One node keeps the layout it always had: controller on port+1.
 */
export function localKafkaNodes(port: number, nodes: number): LocalKafkaNode[] {
  return Array.from({ length: nodes }, (_, index) => ({ id: index + 1, brokerPort: port + index, controllerPort: port + nodes + index }));
}

/** The brokers clients connect to: the configured ones, else every node of our own local Kafka. */
export function resolveBrokers(config: Config): string[] {
  return config.kafka.brokers ?? localKafkaNodes(config.kafka.port, config.kafka.nodes).map((node) => `127.0.0.1:${node.brokerPort}`);
}
