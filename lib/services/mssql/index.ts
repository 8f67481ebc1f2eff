import { join } from 'node:path';
import { $ } from 'zx';
import { Config, redactUrl } from '../../config';
import { ConfigError, ServiceError } from '../../errors';
import { Logger } from '../../log';
import { mssqlConfig } from '../../db/mssqlUrl';
import { dockerContainerRunning, dockerEngineAnswers, dockerRemoveArgs, dockerRunArgs } from '../docker';
import { Service, ServiceStatus } from '../service';
import { waitFor } from '../../process';
import { createDatabaseStatement, mssqlConnectionUrl, mssqlContainerName, mssqlContainerSpec, saPasswordProblem } from './dockerMssql';

const startTimeoutMs = 120_000;

/**
 * SQL Server: MSSQL_URL as is when set (an existing server or Azure SQL), else
 * our container, which needs a Docker engine: SQL Server has no native Debian
 * package we could run here.
 */
export function mssqlService(config: Config, logger: Logger, dockerAnswers: () => boolean = dockerEngineAnswers): Service {
  const port = config.mssql.port;
  const address = config.mssql.url ? redactUrl(config.mssql.url) : `127.0.0.1:${port}`;
  return {
    name: 'mssql',
    async up(): Promise<ServiceStatus> {
      if (config.mssql.url) {
        if (!(await answers(config.mssql.url, 30_000))) throw new ServiceError(`SQL Server at ${address} (MSSQL_URL) did not answer within 30 s.`, { code: 'MSSQL_UNREACHABLE', retriable: true, hint: 'Check the host, port, login and firewall rules (Azure SQL: allow your IP).' });
        return { name: 'mssql', mode: 'remote', ready: true, address, connectionUrl: config.mssql.url };
      }
      if (!dockerAnswers()) {
        // A SQL Server someone runs on this host already (DATABASE_URL) is fine; we just cannot start one.
        if (config.database.engine === 'mssql' && (await answers(config.database.url, 5_000))) {
          return { name: 'mssql', mode: 'remote', ready: true, address: redactUrl(config.database.url), connectionUrl: config.database.url };
        }
        throw noDocker();
      }
      const password = saPassword(config);
      if (!dockerContainerRunning(mssqlContainerName)) {
        await $`docker ${dockerRunArgs(mssqlContainerSpec(port, password, join(config.paths.services, 'mssql')))}`;
        logger.info('mssql.container.started', { port });
      }
      const master = mssqlConnectionUrl(port, password, 'master');
      if (!(await answers(master, startTimeoutMs))) {
        throw new ServiceError(`SQL Server in container ${mssqlContainerName} did not answer on ${address} within ${startTimeoutMs / 1000} s.`, {
          code: 'MSSQL_START_FAILED', retriable: false,
          hint: `See \`docker logs ${mssqlContainerName}\`; the sa password must meet SQL Server's policy, and the container needs 2 GB of memory.`,
        });
      }
      await createDatabase(master);
      return { name: 'mssql', mode: 'docker', ready: true, address, connectionUrl: mssqlConnectionUrl(port, password) };
    },
    async status(): Promise<ServiceStatus> {
      if (config.mssql.url) return { name: 'mssql', mode: 'remote', ready: await answers(config.mssql.url, 5_000), address };
      if (!dockerAnswers() || !dockerContainerRunning(mssqlContainerName)) return { name: 'mssql', mode: 'stopped', ready: false, address };
      const password = config.mssql.saPassword ?? '';
      return { name: 'mssql', mode: 'docker', ready: await answers(mssqlConnectionUrl(port, password, 'master'), 5_000), address };
    },
    async down(): Promise<ServiceStatus> {
      if (config.mssql.url) return { name: 'mssql', mode: 'remote', ready: true, address, detail: 'MSSQL_URL is not ours to stop' };
      if (dockerAnswers()) await $({ nothrow: true, quiet: true })`docker ${dockerRemoveArgs(mssqlContainerName)}`;
      return { name: 'mssql', mode: 'stopped', ready: false, address };
    },
  };
}

export function noDocker(): ServiceError {
  return new ServiceError('SQL Server runs here only as a Docker container, and no Docker engine answers.', {
    code: 'MSSQL_NEEDS_DOCKER', retriable: false,
    hint:
      'Start Docker and run `npx iot services up mssql` again, or use an existing SQL Server / Azure SQL database: ' +
      'set DATABASE_URL=mssql://USER:PASSWORD@HOST:1433/DB (add ?encrypt=true for Azure SQL) for the ETL, and MSSQL_URL to the same for the SQL Server contract tests.',
  });
}

function saPassword(config: Config): string {
  const password = config.mssql.saPassword;
  if (!password) {
    throw new ConfigError('MSSQL_SA_PASSWORD is not set; the SQL Server container needs an sa password.', {
      code: 'MSSQL_SA_PASSWORD_MISSING',
      hint: 'Set MSSQL_SA_PASSWORD in .env, e.g. MSSQL_SA_PASSWORD=Your_password123 (8+ characters, three of upper/lower/digit/symbol).',
    });
  }
  const problem = saPasswordProblem(password);
  if (problem) throw new ConfigError(`MSSQL_SA_PASSWORD is too weak for SQL Server: ${problem}.`, { code: 'MSSQL_SA_PASSWORD_WEAK', hint: 'e.g. MSSQL_SA_PASSWORD=Your_password123' });
  return password;
}

/** The driver is loaded only when SQL Server is really asked: it adds ~40 MB to every process that loads the service registry. */
async function mssqlDriver(): Promise<typeof import('mssql')> {
  return import('mssql');
}

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const sql = await mssqlDriver();
  return waitFor(async () => {
    const pool = new sql.ConnectionPool({ ...mssqlConfig(url), connectionTimeout: 5_000 });
    try {
      await pool.connect();
      await pool.request().query('SELECT 1 AS ok');
      return true;
    } finally {
      await pool.close().catch(() => undefined);
    }
  }, { timeoutMs, intervalMs: 2_000 });
}

async function createDatabase(masterUrl: string): Promise<void> {
  const sql = await mssqlDriver();
  const pool = await new sql.ConnectionPool(mssqlConfig(masterUrl)).connect();
  try {
    await pool.request().query(createDatabaseStatement());
  } finally {
    await pool.close();
  }
}

export { mssqlContainerSpec, mssqlConnectionUrl, createDatabaseStatement, mssqlDockerImage } from './dockerMssql';
