import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Config } from '../../config';

/** Superset's own state: DATA_DIR/services/superset (metadata DB, secrets, pid, log). */
export function supersetFiles(config: Config) {
  const home = join(config.paths.services, 'superset');
  return {
    home,
    metadataDb: join(home, 'superset.db'),
    secretKey: join(home, 'secret-key'),
    adminPassword: join(home, 'admin-password'),
    pidFile: join(home, 'superset.pid'),
    logFile: join(home, 'superset.log'),
  };
}

/**
 * The repository's superset/ folder (config, Dockerfile, bundle), found from
 * this file whether it runs compiled (dist/lib/...) or from source (tslab).
 */
export function supersetSourceDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'superset');
    if (existsSync(join(candidate, 'superset_config.py'))) return candidate;
  }
  throw new Error(`superset/superset_config.py not found above ${__dirname}`);
}
