import { join } from 'node:path';
import { $ } from 'zx';
import { Config } from '../../config';
import { kafkaConnection, waitForKafka } from '../../kafka';
import { Logger } from '../../log';
import { dockerContainerRunning, dockerEngineAnswers, dockerRemoveArgs, dockerRunArgs } from '../docker';
import { Service, ServiceMode, ServiceStatus } from '../service';
import { kafkaContainerName, kafkaContainerSpec } from './dockerBroker';
import { brokerDidNotStart, nativeBrokerRunning, startNativeBroker, stopNativeBroker } from './nativeBroker';

const startTimeoutMs = 90_000;
// A configured broker that does not answer is reported within 30 s of the command's start: the wait, plus loading the client.
const remoteTimeoutMs = 25_000;

/** Which broker the pipeline uses: KAFKA_BROKERS as is, else a container, else native java. */
export function kafkaMode(config: Config, dockerAnswers: () => boolean = dockerEngineAnswers): ServiceMode {
  if (config.kafka.brokers) return 'remote';
  if (config.kafka.runtime !== 'auto') return config.kafka.runtime;
  return dockerAnswers() ? 'docker' : 'native';
}

export function kafkaService(config: Config, logger: Logger): Service {
  const home = join(config.paths.services, 'kafka');
  const connection = kafkaConnection(config);
  const { brokers } = connection;
  const address = brokers.join(',');
  const ready = (timeoutMs: number) => waitForKafka({ ...connection, clientId: 'iot-services', logger }, timeoutMs);
  const answers = async () => ready(3_000).then(() => true, () => false);

  return {
    name: 'kafka',
    async up(): Promise<ServiceStatus> {
      const mode = kafkaMode(config);
      if (mode === 'remote') {
        await ready(remoteTimeoutMs);
        return { name: 'kafka', mode, ready: true, address };
      }
      if (mode === 'docker' && !dockerContainerRunning(kafkaContainerName)) {
        await $`docker ${dockerRunArgs(kafkaContainerSpec(config.kafka.port))}`;
      }
      if (mode === 'native') await startNativeBroker({ home, cacheDir: config.cacheDir, port: config.kafka.port }, logger);
      try {
        await ready(startTimeoutMs);
      } catch (error) {
        if (mode === 'native') throw brokerDidNotStart(home, startTimeoutMs / 1000);
        throw error;
      }
      return { name: 'kafka', mode, ready: true, address };
    },
    async status(): Promise<ServiceStatus> {
      const mode = kafkaMode(config);
      const running = mode === 'remote' || (mode === 'native' ? nativeBrokerRunning(home) : dockerContainerRunning(kafkaContainerName));
      if (!running) return { name: 'kafka', mode: 'stopped', ready: false, address };
      return { name: 'kafka', mode, ready: await answers(), address };
    },
    async down(): Promise<ServiceStatus> {
      const mode = kafkaMode(config);
      if (mode === 'native') await stopNativeBroker(home);
      if (mode === 'docker') await $({ nothrow: true })`docker ${dockerRemoveArgs(kafkaContainerName)}`;
      const detail = mode === 'remote' ? 'KAFKA_BROKERS is not ours to stop' : undefined;
      return { name: 'kafka', mode: mode === 'remote' ? 'remote' : 'stopped', ready: mode === 'remote', address, detail };
    },
  };
}

export { kafkaContainerSpec } from './dockerBroker';
export { serverProperties } from './nativeBroker';
export { ensureKafkaJars, kafkaLibsDir } from './jars';
