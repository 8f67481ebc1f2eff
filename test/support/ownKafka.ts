import { Config } from '../../lib/config';
import { silentLogger } from '../../lib/log';
import { readPid, stopBackgroundProcess } from '../../lib/process';
import { kafkaService, nativeNodes } from '../../lib/services/kafka';
import { nativeBrokerFiles } from '../../lib/services/kafka/nativeBroker';
import { freePort } from './freePort';
import { testConfig } from './scratch';

/** A Kafka of a spec's own (one node or a cluster), for specs that stop, kill and restart brokers. */
export interface OwnKafka {
  config: Config;
  brokers: string[];
  /** kill -9 of node `id` (1-based); resolves once it is gone. */
  kill9(id: number): Promise<void>;
  /** A clean stop (SIGTERM, controlled shutdown) of node `id`. */
  stop(id: number): Promise<void>;
  /** Starts every node that is down and waits until the cluster serves again. */
  restart(): Promise<void>;
  down(): Promise<void>;
}

/** Starts `nodes` native KRaft nodes in `dataDir` on free ports, through `iot services up kafka`'s own code. */
export async function startOwnKafka(dataDir: string, nodes = 1): Promise<OwnKafka> {
  const port = await freePort(2 * nodes);
  const config = testConfig(dataDir, { KAFKA_BROKERS: '', KAFKA_PORT: String(port), KAFKA_NODES: String(nodes), KAFKA_RUNTIME: 'native' });
  const service = kafkaService(config, silentLogger);
  const home = `${config.paths.services}/kafka`;
  const cluster = { home, cacheDir: config.cacheDir, port, nodes };
  const nodeHome = (id: number) => nativeNodes(cluster)[id - 1].home;
  const status = await service.up().catch(async (error) => { await service.down(); throw error; });
  return {
    config,
    brokers: status.address!.split(','),
    async kill9(id) {
      const pid = readPid(nativeBrokerFiles(nodeHome(id)).pidFile);
      if (pid === undefined) return;
      try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
      await stopBackgroundProcess(nativeBrokerFiles(nodeHome(id)).pidFile, 1_000);
    },
    async stop(id) {
      await stopBackgroundProcess(nativeBrokerFiles(nodeHome(id)).pidFile, 30_000);
    },
    async restart() {
      await service.up();
    },
    async down() {
      await service.down();
    },
  };
}
