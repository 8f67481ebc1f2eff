import { dirname, join } from 'node:path';
import { $ } from 'zx';
import { DatabaseUrl } from '../../config';
import { Logger } from '../../log';
import { ContainerSpec, dockerContainerRunning, dockerRemoveArgs, dockerRunArgs } from '../docker';
import { supersetFiles } from './paths';
import { runTool, SupersetRuntime } from './runtime';
import { driverPackageFor } from './sqlalchemyUri';
import { supersetImage, supersetVersion } from './version';

export const supersetContainerName = 'iot-superset';
/** How the container reaches databases on the host's 127.0.0.1. */
export const dockerHostAlias = 'host.docker.internal';
const configInContainer = '/app/iot/superset_config.py';
const homeInContainer = '/app/superset_home';

export interface DockerOptions {
  files: ReturnType<typeof supersetFiles>;
  sourceDir: string;
  port: number;
  database: DatabaseUrl;
  secretKey: string;
  /** uid:gid that owns DATA_DIR, so Superset's files there stay ours. */
  user?: string;
}

export function imageTag(engine: DatabaseUrl['engine']): string {
  return `${supersetImage}-${engine}`;
}

/** `docker build` of superset/Dockerfile: apache/superset plus the engine's driver. */
export function dockerBuildArgs(engine: DatabaseUrl['engine'], sourceDir: string): string[] {
  const drivers = driverPackageFor(engine) ?? '';
  return ['build', '-t', imageTag(engine), '--build-arg', `SUPERSET_VERSION=${supersetVersion}`, '--build-arg', `DRIVERS=${drivers}`, sourceDir];
}

export function supersetContainerSpec(options: DockerOptions): ContainerSpec {
  const volumes: Array<[string, string]> = [
    [options.files.home, homeInContainer],
    [join(options.sourceDir, 'superset_config.py'), `${configInContainer}:ro`],
  ];
  // SQLite: the warehouse file at the same absolute path, so the URI is the same inside.
  if (options.database.engine === 'sqlite' && options.database.file) volumes.push([dirname(options.database.file), dirname(options.database.file)]);
  return {
    name: supersetContainerName,
    image: imageTag(options.database.engine),
    ports: [[options.port, 8088]],
    env: { SUPERSET_HOME: homeInContainer, SUPERSET_CONFIG_PATH: configInContainer, SUPERSET_SECRET_KEY: options.secretKey },
    volumes,
    user: options.user,
    hosts: [[dockerHostAlias, 'host-gateway']],
  };
}

/** The apache/superset image (with the driver) as a named container; the CLI through `docker exec`. */
export function dockerRuntime(options: DockerOptions, logger: Logger): SupersetRuntime {
  return {
    mode: 'docker',
    superset: (args) => runTool('docker', ['exec', supersetContainerName, 'superset', ...args], process.env, `superset ${args.slice(0, 2).join(' ')}`),
    async start() {
      if (dockerContainerRunning(supersetContainerName)) return;
      await $({ nothrow: true, quiet: true })`docker ${dockerRemoveArgs(supersetContainerName)}`;
      await runTool('docker', dockerBuildArgs(options.database.engine, options.sourceDir), process.env, 'docker build (Superset image)');
      await runTool('docker', dockerRunArgs(supersetContainerSpec(options)), process.env, 'docker run (Superset)');
      logger.info('superset.docker.started', { container: supersetContainerName, port: options.port });
    },
    async stop() {
      const was = dockerContainerRunning(supersetContainerName);
      await $({ nothrow: true, quiet: true })`docker ${dockerRemoveArgs(supersetContainerName)}`;
      return was;
    },
    running: () => dockerContainerRunning(supersetContainerName),
    logTail: () => '(see `docker logs iot-superset`)',
  };
}
