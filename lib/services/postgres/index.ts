import { join } from 'node:path';
import { $ } from 'zx';
import { Config } from '../../config';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { dockerContainerRunning, dockerEngineAnswers, dockerRemoveArgs, dockerRunArgs } from '../docker';
import { Service, ServiceMode, ServiceStatus } from '../service';
import { ensurePostgresBin, findPostgresBin } from './binaries';
import { postgresConnectionUrl } from './credentials';
import { ensureDatabase, postgresAnswers } from './database';
import { postgresContainerName, postgresContainerSpec } from './dockerPostgres';
import { clusterRunning, initCluster, startCluster, stopCluster } from './nativePostgres';

const startTimeoutMs = 60_000;

/** A container when a Docker engine answers, else Debian's PostgreSQL run by pg_ctl in DATA_DIR/services/postgres. */
export function postgresMode(dockerAnswers: () => boolean = dockerEngineAnswers): Exclude<ServiceMode, 'remote'> {
  return dockerAnswers() ? 'docker' : 'native';
}

export function postgresService(config: Config, logger: Logger): Service {
  const home = join(config.paths.services, 'postgres');
  const port = config.postgresPort;
  const address = `127.0.0.1:${port}`;
  const connectionUrl = postgresConnectionUrl(port);
  const readyStatus = (mode: ServiceMode): ServiceStatus => ({ name: 'postgres', mode, ready: true, address, connectionUrl });

  return {
    name: 'postgres',
    async up() {
      const mode = postgresMode();
      if (mode === 'docker') {
        if (!dockerContainerRunning(postgresContainerName)) await $`docker ${dockerRunArgs(postgresContainerSpec(port, join(home, 'docker-data')))}`;
      } else {
        const bin = await ensurePostgresBin(logger);
        await initCluster(bin, home, logger);
        await startCluster(bin, home, port, logger);
      }
      if (!(await postgresAnswers(port, startTimeoutMs))) {
        throw new ServiceError(`PostgreSQL on ${address} did not accept connections within ${startTimeoutMs / 1000} s.`, {
          code: 'POSTGRES_START_FAILED', retriable: false,
          hint: `See ${join(home, 'postgres.log')}; is POSTGRES_PORT=${port} used by another server?`,
        });
      }
      if (await ensureDatabase(port)) logger.info('postgres.database.created', { address });
      return readyStatus(mode);
    },
    async status() {
      const mode = postgresMode();
      const bin = findPostgresBin();
      const running = mode === 'docker' ? dockerContainerRunning(postgresContainerName) : bin !== undefined && (await clusterRunning(bin, home));
      if (!running) return { name: 'postgres', mode: 'stopped', ready: false, address };
      return { ...readyStatus(mode), ready: await postgresAnswers(port, 3_000) };
    },
    async down() {
      const mode = postgresMode();
      if (mode === 'docker') await $({ nothrow: true, quiet: true })`docker ${dockerRemoveArgs(postgresContainerName)}`;
      const bin = findPostgresBin();
      if (mode === 'native' && bin) await stopCluster(bin, home);
      return { name: 'postgres', mode: 'stopped', ready: false, address };
    },
  };
}

export { postgresContainerSpec, postgresDockerImage } from './dockerPostgres';
export { postgresConnectionUrl, postgresCredentials } from './credentials';
export { postgresSettings } from './nativePostgres';
