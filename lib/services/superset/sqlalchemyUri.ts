import { isAbsolute, resolve } from 'node:path';
import { DatabaseUrl } from '../../config';

/** Where Superset runs decides how it reaches a database on "this machine". */
export interface UriTarget {
  /** A container reaches the host's 127.0.0.1 through this name instead. */
  dockerHost?: string;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * DATABASE_URL in SQLAlchemy's form, with the driver Superset has installed:
 * sqlite:////absolute/path, postgresql+psycopg2://, mssql+pymssql://.
 * Credentials and database name pass through unchanged (already URL-encoded).
 */
export function sqlalchemyUri(database: DatabaseUrl, target: UriTarget = {}, cwd = process.cwd()): string {
  if (database.engine === 'sqlite') {
    const file = database.file ?? '';
    // The container mounts the file's folder at the same absolute path.
    return 'sqlite:///' + (isAbsolute(file) ? file : resolve(cwd, file));
  }
  const url = new URL(database.url);
  if (target.dockerHost && loopback.has(url.hostname)) url.hostname = target.dockerHost;
  const driver = database.engine === 'postgres' ? 'postgresql+psycopg2' : 'mssql+pymssql';
  const auth = url.username ? `${url.username}${url.password ? ':' + url.password : ''}@` : '';
  const port = url.port ? `:${url.port}` : '';
  // pymssql takes no URL options (encryption is FreeTDS's setting); psycopg2 takes libpq's, e.g. sslmode.
  const query = database.engine === 'postgres' ? url.search : '';
  return `${driver}://${auth}${url.hostname}${port}${url.pathname}${query}`;
}

/** The database driver the Docker image adds for an engine (SQLite needs none). */
export function driverPackageFor(engine: DatabaseUrl['engine']): string | undefined {
  return { sqlite: undefined, postgres: 'psycopg2-binary', mssql: 'pymssql' }[engine];
}
