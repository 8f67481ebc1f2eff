import { Config } from '../../config';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { dockerEngineAnswers } from '../docker';
import { Service, ServiceMode, ServiceStatus } from '../service';
import { adminClient, ensurePipelineTables, importBundle, prepareMetadata, waitForServer } from './bootstrap';
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
  const secrets = () => ({
    secretKey: configuredOrStoredSecret(config.superset.secretKey, files.secretKey, 42).value,
    admin: configuredOrStoredSecret(config.superset.adminPassword, files.adminPassword, 18),
  });
  const getRuntime = (mode: ServiceMode) => {
    runtime ??= createRuntime(config, mode as 'docker' | 'native', secrets().secretKey, logger);
    return runtime;
  };

  return {
    name: 'superset',
    async up(): Promise<ServiceStatus> {
      const mode = supersetMode(config);
      const run = getRuntime(mode);
      const { admin } = secrets();
      const options = { baseUrl, admin: { username: config.superset.adminUser, password: admin.value }, sqlalchemyUri: uriFor(config, mode) };
      if (mode === 'docker') await run.start();
      await prepareMetadata(run, options, logger);
      await run.start();
      if (!(await waitForServer(baseUrl))) throw didNotStart(run, baseUrl);
      const client = await adminClient(run, options, logger);
      await ensurePipelineTables(config.database, logger);
      const dashboard = await importBundle(client, options.sqlalchemyUri, logger);
      const login = admin.generated ? `password in ${files.adminPassword}` : 'password from SUPERSET_ADMIN_PASSWORD';
      logger.info('superset.ready', { url: baseUrl, dashboard, user: config.superset.adminUser, password: admin.generated ? files.adminPassword : 'SUPERSET_ADMIN_PASSWORD' });
      return { name: 'superset', mode, ready: true, address: baseUrl, detail: `dashboard ${dashboard}, login ${config.superset.adminUser} (${login})` };
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

function uriFor(config: Config, mode: 'docker' | 'native'): string {
  return sqlalchemyUri(config.database, mode === 'docker' ? { dockerHost: dockerHostAlias } : {});
}

function didNotStart(runtime: SupersetRuntime, baseUrl: string): ServiceError {
  return new ServiceError(`Superset did not answer at ${baseUrl}/health. Last log lines:\n${runtime.logTail()}`, {
    code: 'SUPERSET_START_FAILED',
    hint: 'Is SUPERSET_PORT taken by another program? Run `npx iot services down superset`, then `up` again.',
  });
}

export { supersetFiles } from './paths';
export { sqlalchemyUri } from './sqlalchemyUri';
export { SupersetClient } from './client';
export { charts } from './bundle/charts';
export { dashboardSlug, dashboardTitle } from './bundle/dashboard';
