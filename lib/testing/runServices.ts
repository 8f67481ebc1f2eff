import { loadConfig } from '../config';
import { Logger } from '../log';
import { Service } from '../services/service';
import { serviceFor } from '../services/registry';
import { freePort } from './freePort';

export interface RunServices {
  /** The broker: KAFKA_BROKERS as given, else ours. */
  brokers: string[];
  /** PostgreSQL: TEST_POSTGRES_URL as given, else ours when asked for; undefined when not asked for. */
  postgresUrl?: string;
  /** Stops what was started here (never a service given by the environment), in reverse order. */
  stop(): Promise<void>;
}

/**
 * The services one test or bench run needs, started once in `dataDir` on free
 * ports: a Kafka broker (native with `nativeKafka`, as tests want; else as KAFKA_RUNTIME says)
 * unless KAFKA_BROKERS names one, and PostgreSQL
 * (when `postgres`) unless TEST_POSTGRES_URL names one. A failed start stops
 * whatever had started before it throws.
 */
export async function startRunServices(options: { dataDir: string; postgres: boolean; nativeKafka?: boolean; logger: Logger; env?: NodeJS.ProcessEnv }): Promise<RunServices> {
  const env = options.env ?? process.env;
  const started: Service[] = [];
  const stop = async () => {
    for (const service of started.splice(0).reverse()) await service.down().catch(() => undefined);
  };
  try {
    let brokers = loadConfig({ env }).kafka.brokers;
    if (!brokers) {
      const config = loadConfig({ env: { ...env, DATA_DIR: options.dataDir, KAFKA_PORT: String(await freePort(true)), ...(options.nativeKafka ? { KAFKA_RUNTIME: 'native' } : {}) } });
      const kafka = serviceFor('kafka', config, options.logger);
      started.push(kafka);
      brokers = [(await kafka.up()).address!];
      options.logger.info('run.kafka.ready', { brokers: brokers.join(',') });
    }
    let postgresUrl = env.TEST_POSTGRES_URL || undefined;
    if (!postgresUrl && options.postgres) {
      const config = loadConfig({ env: { ...env, DATA_DIR: options.dataDir, POSTGRES_PORT: String(await freePort()) } });
      const postgres = serviceFor('postgres', config, options.logger);
      started.push(postgres);
      postgresUrl = (await postgres.up()).connectionUrl;
      options.logger.info('run.postgres.ready', { port: config.postgresPort });
    }
    return { brokers, postgresUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
