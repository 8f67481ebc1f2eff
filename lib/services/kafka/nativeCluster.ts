import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../../errors';
import { LocalKafkaNode, localKafkaNodes } from '../../kafka';
import { Logger } from '../../log';
import { isAlive, readPid } from '../../process';
import { checkJava, nativeBrokerFiles, newClusterId, startNativeBroker, stopNativeBroker } from './nativeBroker';

export interface NativeClusterOptions {
  /** DATA_DIR/services/kafka. */
  home: string;
  cacheDir: string;
  /** KAFKA_PORT: the first broker's port (layout in lib/kafka/brokers.ts). */
  port: number;
  nodes: number;
}

export interface NativeNode {
  node: LocalKafkaNode;
  /** Config, storage, pid and log of this node: the service folder itself for one node, `<home>/<id>/` in a cluster. */
  home: string;
}

export interface NativeNodeState {
  id: number;
  port: number;
  pid?: number;
  running: boolean;
}

/** The nodes of our own Kafka and their folders. */
export function nativeNodes(options: Pick<NativeClusterOptions, 'home' | 'port' | 'nodes'>): NativeNode[] {
  return localKafkaNodes(options.port, options.nodes).map((node) => ({
    node,
    home: options.nodes === 1 ? options.home : join(options.home, String(node.id)),
  }));
}

/**
 * Starts every node that is not running yet (so `up` after a kill -9 brings
 * back just the lost node), formatting new storage with the cluster's one id.
 */
export async function startNativeCluster(options: NativeClusterOptions, logger: Logger): Promise<number[]> {
  await checkJava();
  const nodes = nativeNodes(options);
  const clusterId = clusterIdOnce(options, logger);
  // In parallel: each format and JVM start takes seconds, and the quorum needs a majority up anyway.
  return Promise.all(nodes.map(({ node, home }) => startNativeBroker({
    home, cacheDir: options.cacheDir, port: node.brokerPort, cluster: { node, quorum: nodes.map((each) => each.node), clusterId },
  }, logger)));
}

/** SIGTERM to every node at once (each shuts down in a controlled way while the quorum still stands), SIGKILL after 30 s. */
export async function stopNativeCluster(options: Pick<NativeClusterOptions, 'home' | 'port' | 'nodes'>): Promise<void> {
  await Promise.all(nativeNodes(options).map(({ home }) => stopNativeBroker(home)));
}

export function nativeNodeStates(options: Pick<NativeClusterOptions, 'home' | 'port' | 'nodes'>): NativeNodeState[] {
  return nativeNodes(options).map(({ node, home }) => {
    const pid = readPid(nativeBrokerFiles(home).pidFile);
    return { id: node.id, port: node.brokerPort, pid, running: pid !== undefined && isAlive(pid) };
  });
}

/** "node 1 up (pid 123, :9092), node 2 down (:9093)" for `iot services status kafka`. */
export function describeNodes(states: NativeNodeState[]): string {
  return states.map((state) => `node ${state.id} ${state.running ? `up (pid ${state.pid}, :${state.port})` : `down (:${state.port})`}`).join(', ');
}

/**
 * The cluster id every node's storage is formatted with, created on first
 * need and kept in `<home>/cluster.json` with the node count: storage made
 * for another quorum size would not start, so that is refused clearly.
 */
function clusterIdOnce(options: NativeClusterOptions, logger: Logger): () => Promise<string> {
  const file = join(options.home, 'cluster.json');
  let id: Promise<string> | undefined;
  return () => {
    id ??= (async () => {
      if (existsSync(file)) {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { clusterId: string; nodes: number };
        if (saved.nodes !== options.nodes) throw quorumChanged(options, saved.nodes);
        return saved.clusterId;
      }
      const clusterId = await newClusterId(options.cacheDir, logger);
      mkdirSync(options.home, { recursive: true });
      writeFileSync(file, JSON.stringify({ clusterId, nodes: options.nodes }) + '\n');
      return clusterId;
    })();
    return id;
  };
}

function quorumChanged(options: NativeClusterOptions, savedNodes: number): ServiceError {
  return new ServiceError(`Our Kafka in ${options.home} was made with KAFKA_NODES=${savedNodes}, not ${options.nodes}.`, {
    code: 'KAFKA_NODES_CHANGED',
    retriable: false,
    hint: `Set KAFKA_NODES=${savedNodes} again, or stop it (\`npx iot services down kafka\`) and remove ${options.home} to start afresh with ${options.nodes}.`,
  });
}
