import { Config } from '../config';
import { UsageError } from '../errors';
import { Logger } from '../log';
import { kafkaService } from './kafka';
import { postgresService } from './postgres';
import { mssqlService } from './mssql';
import { supersetService } from './superset';
import { Service } from './service';

import { ServiceName, serviceNames } from './names';

export { ServiceName, serviceNames };

type ServiceFactory = (config: Config, logger: Logger) => Service;

/** Each service folder registers its factory here; `all` means the ones the configured pipeline uses. */
const factories: Partial<Record<ServiceName, ServiceFactory>> = {
  kafka: kafkaService,
  postgres: postgresService,
  mssql: (config, logger) => mssqlService(config, logger),
  superset: supersetService,
};

export function serviceFor(name: string, config: Config, logger: Logger): Service {
  const factory = factories[name as ServiceName];
  if (!factory) {
    throw new UsageError(`Unknown or unavailable service "${name}".`, { hint: `Services: ${Object.keys(factories).join(', ')}, or all.` });
  }
  return factory(config, logger.child(name));
}

/**
 * `all` = Kafka, plus the database server when DATABASE_URL points at one of
 * ours. Superset is heavy and started on its own (`make superset`), but
 * `down all` stops it too, so that `make down` leaves nothing running.
 */
export function servicesForAll(config: Config, action: 'up' | 'down' | 'status' = 'up'): ServiceName[] {
  const names: ServiceName[] = ['kafka'];
  if (action === 'down') names.push('superset');
  if (config.database.engine === 'postgres' && factories.postgres !== undefined && isOurs(config, config.postgresPort)) names.push('postgres');
  if (config.database.engine === 'mssql' && isOurs(config, config.mssql.port)) names.push('mssql');
  return names;
}

function isOurs(config: Config, port: number): boolean {
  const url = new URL(config.database.url);
  return ['127.0.0.1', 'localhost'].includes(url.hostname) && Number(url.port || (config.database.engine === 'mssql' ? 1433 : 5432)) === port;
}
