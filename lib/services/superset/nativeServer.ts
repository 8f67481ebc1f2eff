import { join } from 'node:path';
import { Logger } from '../../log';
import { ensureVenv } from '../pythonVenv';
import { isAlive, readPid, startBackgroundProcess, stopBackgroundProcess, tailFile } from '../../process';
import { supersetFiles } from './paths';
import { runTool, SupersetRuntime } from './runtime';
import { supersetRequirements, supersetVersion } from './version';

export interface NativeOptions {
  files: ReturnType<typeof supersetFiles>;
  cacheDir: string;
  port: number;
  /** SUPERSET_HOME, SUPERSET_CONFIG_PATH, SUPERSET_SECRET_KEY for every superset process. */
  env: Record<string, string>;
}

/**
 * One gunicorn worker with threads: enough for a dashboard's parallel chart
 * queries, and one Superset process (~400 MB) instead of several.
 */
export function gunicornArgs(port: number): string[] {
  return [
    '--bind', `127.0.0.1:${port}`,
    '--workers', '1', '--worker-class', 'gthread', '--threads', '8',
    '--timeout', '120', '--limit-request-line', '0', '--limit-request-field_size', '0',
    'superset.app:create_app()',
  ];
}

/** Superset from PyPI in a cached virtualenv, served by gunicorn as a background process. */
export function nativeRuntime(options: NativeOptions, logger: Logger): SupersetRuntime {
  const { files } = options;
  const env = { ...process.env, ...options.env, FLASK_APP: 'superset', PYTHONUNBUFFERED: '1' };
  const venv = () => ensureVenv(options.cacheDir, { name: `venv-superset-${supersetVersion}`, requirements: supersetRequirements() }, logger);
  const running = () => {
    const pid = readPid(files.pidFile);
    return pid !== undefined && isAlive(pid);
  };
  return {
    mode: 'native',
    async superset(args) {
      return runTool(join(await venv(), 'bin', 'superset'), args, env, `superset ${args.slice(0, 2).join(' ')}`);
    },
    async start() {
      if (running()) return;
      const pid = startBackgroundProcess({
        command: join(await venv(), 'bin', 'gunicorn'),
        args: gunicornArgs(options.port),
        env,
        cwd: files.home,
        logFile: files.logFile,
        pidFile: files.pidFile,
      });
      logger.info('superset.native.started', { pid, port: options.port, log: files.logFile });
    },
    stop: () => stopBackgroundProcess(files.pidFile, 20_000),
    running,
    logTail: () => tailFile(files.logFile),
  };
}
