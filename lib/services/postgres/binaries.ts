import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';

const debianRoot = '/usr/lib/postgresql';

/** Debian's newest installed PostgreSQL bin folder (initdb, pg_ctl, postgres), if any. */
export function findPostgresBin(root = debianRoot): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry) && existsSync(join(root, entry, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

/** Finds the binaries, installing Debian's postgresql package once if they are missing. */
export async function ensurePostgresBin(logger: Logger): Promise<string> {
  const found = findPostgresBin();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new ServiceError('PostgreSQL is not installed and installing it needs root.', {
      code: 'POSTGRES_MISSING', retriable: false,
      hint: 'Run `sudo apt-get install -y postgresql`, or run Docker, or point DATABASE_URL at an existing server.',
    });
  }
  logger.info('postgres.installing', { via: 'apt-get install postgresql' });
  try {
    await $({ quiet: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })`apt-get update -q`;
    await $({ quiet: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })`apt-get install -y -q postgresql`;
  } catch (error) {
    throw new ServiceError(`apt-get install postgresql failed: ${String((error as { stderr?: string }).stderr ?? error).trim().slice(-500)}`, {
      code: 'POSTGRES_INSTALL_FAILED', retriable: false,
      hint: 'Check that Debian package mirrors are reachable, or install PostgreSQL yourself.',
    });
  }
  const installed = findPostgresBin();
  if (!installed) throw new ServiceError(`PostgreSQL was installed but no ${debianRoot}/<version>/bin/pg_ctl was found.`, { code: 'POSTGRES_MISSING', retriable: false });
  return installed;
}
