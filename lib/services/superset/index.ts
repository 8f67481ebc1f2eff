import { Config } from '../../config';
import { Logger } from '../../log';
import { dockerEngineAnswers } from '../docker';
import { Service, ServiceStatus } from '../service';
import { bootstrapSuperset, waitForServer } from './bootstrap';
import { dockerHostAlias, dockerRuntime } from './dockerServer';
import { nativeRuntime } from './nativeServer';
import { supersetFiles, supersetSourceDir } from './paths';
import { SupersetRuntime } from './runtime';
import { configuredOrStoredSecret } from './secrets';
import { sqlalchemyUri } from './sqlalchemyUri';

/** Docker when an engine answers (or SUPERSET_RUNTIME says so), else the PyPI virtualenv. */
export function supersetMode(config: Config, dockerAnswers: () => boolean = dockerEngineAnswers): 'docker' | 'native' {
  if (config.superset.runtime !== 'auto') return config.superset.runtime;
  return dockerAnswers() ? 'docker' : 'native';
}

/**
 * Superset with the "IoT Pipeline" dashboard: `up` starts it and bootstraps it
 * (metadata DB, admin, roles, the pipeline's database, the asset bundle), every
 * step idempotent, so `up` on a running Superset re-applies the bundle.
 */
export function supersetService(config: Config, logger: Logger): Service {
  const files = supersetFiles(config);
  const baseUrl = `http://127.0.0.1:${config.superset.port}`;
  let runtime: SupersetRuntime | undefined;
  const secretKey = () => configuredOrStoredSecret(config.superset.secretKey, files.secretKey, 42).value;
  const getRuntime = (mode: 'docker' | 'native') => (runtime ??= createRuntime(config, mode, secretKey(), logger));

  return {
    name: 'superset',
    async up(): Promise<ServiceStatus> {
      const mode = supersetMode(config);
      const admin = configuredOrStoredSecret(config.superset.adminPassword, files.adminPassword, 18);
      const username = config.superset.adminUser;
      const sqlalchemyUri = sqlalchemyUriFor(config, mode);
      const dashboard = await bootstrapSuperset(getRuntime(mode), { baseUrl, admin: { username, password: admin.value }, database: config.database, sqlalchemyUri }, logger);
      const password = admin.generated ? `password in ${files.adminPassword}` : 'password from SUPERSET_ADMIN_PASSWORD';
      logger.info('superset.ready', { url: baseUrl, dashboard, user: username, password });
      return { name: 'superset', mode, ready: true, address: baseUrl, detail: `dashboard ${dashboard}, login ${username} (${password})` };
    },
    async status(): Promise<ServiceStatus> {
      const mode = supersetMode(config);
      if (!getRuntime(mode).running()) return { name: 'superset', mode: 'stopped', ready: false, address: baseUrl };
      return { name: 'superset', mode, ready: await waitForServer(baseUrl, 3_000), address: baseUrl };
    },
    async down(): Promise<ServiceStatus> {
      await getRuntime(supersetMode(config)).stop();
      return { name: 'superset', mode: 'stopped', ready: false, address: baseUrl };
    },
  };
}

function createRuntime(config: Config, mode: 'docker' | 'native', secretKey: string, logger: Logger): SupersetRuntime {
  const files = supersetFiles(config);
  const sourceDir = supersetSourceDir();
  if (mode === 'docker') {
    const user = process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : undefined;
    return dockerRuntime({ files, sourceDir, port: config.superset.port, database: config.database, secretKey, user }, logger);
  }
  const env = { SUPERSET_HOME: files.home, SUPERSET_CONFIG_PATH: `${sourceDir}/superset_config.py`, SUPERSET_SECRET_KEY: secretKey };
  return nativeRuntime({ files, cacheDir: config.cacheDir, port: config.superset.port, env }, logger);
}

function sqlalchemyUriFor(config: Config, mode: 'docker' | 'native'): string {
  return sqlalchemyUri(config.database, mode === 'docker' ? { dockerHost: dockerHostAlias } : {});
}

export { supersetFiles } from './paths';
export { sqlalchemyUri } from './sqlalchemyUri';
export { SupersetClient } from './client';
export { charts } from './bundle/charts';
export { dashboardSlug, dashboardTitle } from './bundle/dashboard';
