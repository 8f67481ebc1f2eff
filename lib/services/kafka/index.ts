import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { Config } from '../../config';
import { kafkaConnection, waitForKafka } from '../../kafka';
import { Logger } from '../../log';
import { dockerContainerRunning, dockerEngineAnswers, dockerRemoveArgs, dockerRunArgs } from '../docker';
import { Service, ServiceMode, ServiceStatus } from '../service';
import { kafkaComposeFile, kafkaComposeProject } from './composeFile';
import { kafkaContainerName, kafkaContainerSpec } from './dockerBroker';
import { brokerDidNotStart } from './nativeBroker';
import { describeNodes, nativeNodes, nativeNodeStates, startNativeCluster, stopNativeCluster } from './nativeCluster';
import { waitForAllBrokers } from './clusterReady';

const startTimeoutMs = 90_000;
// A configured broker that does not answer is reported within 30 s of the command's start: the wait, plus loading the client.
const remoteTimeoutMs = 25_000;

/** Which broker the pipeline uses: KAFKA_BROKERS as is, else a container, else native java. */
export function kafkaMode(config: Config, dockerAnswers: () => boolean = dockerEngineAnswers): ServiceMode {
  if (config.kafka.brokers) return 'remote';
  if (config.kafka.runtime !== 'auto') return config.kafka.runtime;
  return dockerAnswers() ? 'docker' : 'native';
}

/**
 * Our Kafka: one node (KAFKA_NODES=1) or a cluster of combined
 * broker+controller KRaft nodes, natively or in Docker; or KAFKA_BROKERS,
 * which is checked and used as it is.
 */
export function kafkaService(config: Config, logger: Logger): Service {
  const home = join(config.paths.services, 'kafka');
  const connection = kafkaConnection(config);
  const { brokers } = connection;
  const cluster = { home, cacheDir: config.cacheDir, port: config.kafka.port, nodes: config.kafka.nodes };
  const address = brokers.join(',');
  const ready = (timeoutMs: number) => waitForKafka({ ...connection, clientId: 'iot-services', logger }, timeoutMs);
  const answers = async () => ready(3_000).then(() => true, () => false);
  const docker = dockerRuntime(config, home);

  return {
    name: 'kafka',
    async up(): Promise<ServiceStatus> {
      const mode = kafkaMode(config);
      if (mode === 'remote') {
        await ready(remoteTimeoutMs);
        return { name: 'kafka', mode, ready: true, address };
      }
      if (mode === 'docker') await docker.up();
      if (mode === 'native') await startNativeCluster(cluster, logger);
      try {
        await ready(startTimeoutMs);
        if (config.kafka.nodes > 1) await waitForAllBrokers({ ...connection, clientId: 'iot-services', logger }, config.kafka.nodes, startTimeoutMs);
      } catch (error) {
        if (mode === 'native') throw brokerDidNotStart(firstDownNode(cluster), startTimeoutMs / 1000);
        throw error;
      }
      return { name: 'kafka', mode, ready: true, address, detail: nodesDetail(config, mode, cluster) };
    },
    async status(): Promise<ServiceStatus> {
      const mode = kafkaMode(config);
      const running = mode === 'remote' || (mode === 'native' ? nativeNodeStates(cluster).some((node) => node.running) : docker.running());
      const detail = nodesDetail(config, mode, cluster);
      if (!running) return { name: 'kafka', mode: 'stopped', ready: false, address, detail };
      return { name: 'kafka', mode, ready: await answers(), address, detail };
    },
    async down(): Promise<ServiceStatus> {
      const mode = kafkaMode(config);
      if (mode === 'native') await stopNativeCluster(cluster);
      if (mode === 'docker') await docker.down();
      const detail = mode === 'remote' ? 'KAFKA_BROKERS is not ours to stop' : undefined;
      return { name: 'kafka', mode: mode === 'remote' ? 'remote' : 'stopped', ready: mode === 'remote', address, detail };
    },
  };
}

/** Per node, for a native cluster; one node needs no detail beyond the address. */
function nodesDetail(config: Config, mode: ServiceMode, cluster: Parameters<typeof nativeNodeStates>[0]): string | undefined {
  if (mode !== 'native' || config.kafka.nodes === 1) return undefined;
  return describeNodes(nativeNodeStates(cluster));
}

/** The node whose log explains a failed start: the first one not running, else the first. */
function firstDownNode(cluster: Parameters<typeof nativeNodes>[0]): string {
  const states = nativeNodeStates(cluster);
  const nodes = nativeNodes(cluster);
  const down = states.findIndex((state) => !state.running);
  return nodes[Math.max(0, down)].home;
}

/** One container for one node; a compose project of N nodes for a cluster. */
function dockerRuntime(config: Config, home: string) {
  const { port, nodes } = config.kafka;
  const composeFile = join(home, 'compose.yaml');
  const compose = (...args: string[]) => $`docker compose -p ${kafkaComposeProject} -f ${composeFile} ${args}`;
  return {
    async up(): Promise<void> {
      if (nodes === 1) {
        if (!dockerContainerRunning(kafkaContainerName)) await $`docker ${dockerRunArgs(kafkaContainerSpec(port))}`;
        return;
      }
      mkdirSync(home, { recursive: true });
      writeFileSync(composeFile, kafkaComposeFile(port, nodes));
      await compose('up', '-d');
    },
    running(): boolean {
      return nodes === 1 ? dockerContainerRunning(kafkaContainerName) : dockerContainerRunning(`${kafkaComposeProject}-1`);
    },
    async down(): Promise<void> {
      if (nodes === 1) await $({ nothrow: true })`docker ${dockerRemoveArgs(kafkaContainerName)}`;
      else await $({ nothrow: true })`docker compose -p ${kafkaComposeProject} -f ${composeFile} down`;
    },
  };
}

export { kafkaContainerSpec } from './dockerBroker';
export { serverProperties } from './nativeBroker';
export { ensureKafkaJars, kafkaLibsDir } from './jars';
export { kafkaComposeFile } from './composeFile';
export { nativeNodes, nativeNodeStates } from './nativeCluster';
export type { NativeNode, NativeNodeState } from './nativeCluster';
