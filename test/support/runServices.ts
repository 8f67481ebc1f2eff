import { loadConfig } from '../../lib/config';
import { Logger } from '../../lib/log';
import { Service } from '../../lib/services/service';
import { serviceFor } from '../../lib/services/registry';
import { freePort } from './freePort';

export interface RunServicesOptions {
  dataDir: string;
  /** Also a PostgreSQL (unless TEST_POSTGRES_URL names one). */
  postgres: boolean;
  /** A native broker whatever KAFKA_RUNTIME says, as tests want; else KAFKA_RUNTIME decides. */
  nativeKafka?: boolean;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

/**
 * The services one test or bench run needs, started once in `dataDir` on free
 * ports: a Kafka broker unless KAFKA_BROKERS names one, and PostgreSQL when
 * asked for unless TEST_POSTGRES_URL names one. `stop` stops what was started
 * here (never a service the environment gave), also when called while
 * `start` is still running (Ctrl-C) or after it failed halfway.
 */
export class RunServices {
  private readonly started: Service[] = [];

  async start(options: RunServicesOptions): Promise<{ brokers: string[]; postgresUrl?: string }> {
    const env = options.env ?? process.env;
    let brokers = loadConfig({ env }).kafka.brokers;
    if (!brokers) {
      const config = loadConfig({ env: { ...env, DATA_DIR: options.dataDir, KAFKA_PORT: String(await freePort(true)), ...(options.nativeKafka ? { KAFKA_RUNTIME: 'native' } : {}) } });
      brokers = [(await this.up(serviceFor('kafka', config, options.logger))).address!];
      options.logger.info('run.kafka.ready', { brokers: brokers.join(',') });
    }
    let postgresUrl = env.TEST_POSTGRES_URL || undefined;
    if (!postgresUrl && options.postgres) {
      const config = loadConfig({ env: { ...env, DATA_DIR: options.dataDir, POSTGRES_PORT: String(await freePort()) } });
      postgresUrl = (await this.up(serviceFor('postgres', config, options.logger))).connectionUrl;
      options.logger.info('run.postgres.ready', { port: config.postgresPort });
    }
    return { brokers, postgresUrl };
  }

  /** Stops what `start` started, last first; failures to stop are ignored (the run is ending). */
  async stop(): Promise<void> {
    for (const service of this.started.splice(0).reverse()) await service.down().catch(() => undefined);
  }

  private up(service: Service) {
    this.started.push(service);
    return service.up();
  }
}
