import type { config as MssqlConfig } from 'mssql';
import { connectTimeoutMs } from './connectError';

/**
 * `mssql://USER:PASSWORD@HOST:PORT/DB?encrypt=true` as a driver config.
 * Azure SQL (*.database.windows.net) always encrypts and checks the
 * certificate; a local SQL Server container has a self-signed one.
 */
export function mssqlConfig(raw: string): MssqlConfig {
  const url = new URL(raw.replace(/^sqlserver:/, 'mssql:'));
  const azure = url.hostname.endsWith('.database.windows.net');
  const encrypt = azure || url.searchParams.get('encrypt') === 'true';
  const trust = url.searchParams.get('trustServerCertificate');
  return {
    server: url.hostname,
    port: url.port ? Number(url.port) : 1433,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    connectionTimeout: connectTimeoutMs,
    requestTimeout: 10 * 60_000,
    pool: { min: 0, max: 2 },
    // appName lets an operator (and the contract tests) find the ETL's sessions.
    options: { encrypt, trustServerCertificate: trust === null ? !azure : trust === 'true', useUTC: true, appName: 'iot-etl' },
  };
}
