import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { $ } from 'zx';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { readPid, tailFile } from '../../process';
import { postgresCredentials } from './credentials';

export function nativePostgresFiles(home: string) {
  return {
    data: join(home, 'data'),
    logFile: join(home, 'postgres.log'),
    settings: join(home, 'data', 'iot.conf'),
    passwordFile: join(home, 'initdb.pw'),
  };
}

/** Settings we own, rewritten on each start: our port, loopback only, no Unix socket (its default folder may not exist). */
export function postgresSettings(port: number): string {
  return [`port = ${port}`, "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'max_connections = 50', ''].join('\n');
}

/**
 * The server refuses to run as root. As root we run initdb and pg_ctl as the
 * `postgres` system user, on a data folder it owns; otherwise as ourselves.
 */
function runAs(): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
}

/** initdb once: superuser iot/iot (scram), so the same role creates databases in tests. */
export async function initCluster(bin: string, home: string, logger: Logger): Promise<void> {
  const files = nativePostgresFiles(home);
  if (existsSync(join(files.data, 'PG_VERSION'))) return;
  prepareHome(home, logger);
  writeFileSync(files.passwordFile, `${postgresCredentials.password}\n`, { mode: 0o600 });
  handToPostgresUser(files.passwordFile);
  try {
    await $({ quiet: true })`${runAs()} ${join(bin, 'initdb')} -D ${files.data} -U ${postgresCredentials.user} --pwfile=${files.passwordFile} --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8`;
  } catch (error) {
    rmSync(files.data, { recursive: true, force: true });
    throw new ServiceError(`initdb failed for ${files.data}: ${String((error as { stderr?: string }).stderr ?? error).trim().slice(-800)}`, {
      code: 'POSTGRES_INIT_FAILED', retriable: false,
      hint: 'Check that the postgres system user can write DATA_DIR/services/postgres (and traverse its parent folders).',
    });
  } finally {
    rmSync(files.passwordFile, { force: true });
  }
  appendFileSync(join(files.data, 'postgresql.conf'), "\ninclude_if_exists = 'iot.conf'\n");
  logger.info('postgres.initialized', { data: files.data });
}

export async function startCluster(bin: string, home: string, port: number, logger: Logger): Promise<void> {
  const files = nativePostgresFiles(home);
  if (await clusterRunning(bin, home)) return;
  writeFileSync(files.settings, postgresSettings(port));
  handToPostgresUser(files.settings);
  if (!existsSync(files.logFile)) writeFileSync(files.logFile, '');
  handToPostgresUser(files.logFile);
  const started = await $({ quiet: true, nothrow: true })`${runAs()} ${join(bin, 'pg_ctl')} -D ${files.data} -l ${files.logFile} -w -t 60 start`;
  if (started.exitCode !== 0) {
    throw new ServiceError(`PostgreSQL did not start on 127.0.0.1:${port}. Last lines of ${files.logFile}:\n${tailFile(files.logFile)}`, {
      code: 'POSTGRES_START_FAILED', retriable: false,
      hint: `Is port ${port} taken (POSTGRES_PORT)? Try \`npx iot services down postgres\` and start again.`,
    });
  }
  logger.info('postgres.native.started', { port, log: files.logFile });
}

export async function stopCluster(bin: string, home: string): Promise<boolean> {
  if (!(await clusterRunning(bin, home))) return false;
  await $({ quiet: true, nothrow: true })`${runAs()} ${join(bin, 'pg_ctl')} -D ${nativePostgresFiles(home).data} -m fast -w -t 60 stop`;
  return true;
}

export async function clusterRunning(bin: string, home: string): Promise<boolean> {
  const data = nativePostgresFiles(home).data;
  if (!existsSync(join(data, 'postmaster.pid'))) return false;
  return (await $({ quiet: true, nothrow: true })`${runAs()} ${join(bin, 'pg_ctl')} -D ${data} status`).exitCode === 0;
}

/** The postmaster's pid while it runs (first line of postmaster.pid). */
export function postmasterPid(home: string): number | undefined {
  return readPid(join(nativePostgresFiles(home).data, 'postmaster.pid'));
}

/** The home belongs to postgres, and postgres may pass through every parent folder (mkdtemp makes them 0700). */
function prepareHome(home: string, logger: Logger): void {
  mkdirSync(home, { recursive: true });
  handToPostgresUser(home);
  if (process.getuid?.() !== 0) return;
  for (let folder = dirname(home); folder !== dirname(folder); folder = dirname(folder)) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(folder, mode | 0o001);
      logger.info('postgres.folder.traversable', { folder, why: 'the postgres system user must reach its data folder' });
    }
  }
}

function handToPostgresUser(path: string): void {
  if (process.getuid?.() !== 0) return;
  const ids = postgresUserIds();
  chownSync(path, ids.uid, ids.gid);
}

function postgresUserIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) {
    throw new ServiceError('There is no `postgres` system user to run PostgreSQL as (it refuses to run as root).', {
      code: 'POSTGRES_USER_MISSING', retriable: false,
      hint: 'Install Debian\'s postgresql package (`apt-get install -y postgresql`), which creates it.',
    });
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
