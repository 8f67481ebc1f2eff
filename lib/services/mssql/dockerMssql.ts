import { quoteIdentifier } from '../../schema';
import { ContainerSpec } from '../docker';

export const mssqlContainerName = 'iot-mssql';
export const mssqlDockerImage = 'mcr.microsoft.com/mssql/server:2022-latest';
export const mssqlDatabase = 'iot';

/** SQL Server 2022 (Developer edition) with the sa password from MSSQL_SA_PASSWORD, data kept under DATA_DIR. */
export function mssqlContainerSpec(port: number, saPassword: string, dataDir: string): ContainerSpec {
  return {
    name: mssqlContainerName,
    image: mssqlDockerImage,
    ports: [[port, 1433]],
    env: { ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: saPassword, MSSQL_PID: 'Developer' },
    volumes: [[dataDir, '/var/opt/mssql/data']],
  };
}

/** Where the ETL connects to our container; the container's certificate is self-signed. */
export function mssqlConnectionUrl(port: number, saPassword: string, database = mssqlDatabase): string {
  return `mssql://sa:${encodeURIComponent(saPassword)}@127.0.0.1:${port}/${database}?encrypt=true&trustServerCertificate=true`;
}

/** Idempotent: SQL Server has no CREATE DATABASE IF NOT EXISTS. */
export function createDatabaseStatement(database = mssqlDatabase): string {
  return `IF DB_ID(N'${database.replace(/'/g, "''")}') IS NULL CREATE DATABASE ${quoteIdentifier('mssql', database)}`;
}

/** SQL Server refuses to start with a weak sa password, and only says so in the container log. */
export function saPasswordProblem(password: string): string | undefined {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (password.length < 8 || classes < 3) return 'it needs at least 8 characters from three of: upper case, lower case, digits, symbols';
  return undefined;
}
