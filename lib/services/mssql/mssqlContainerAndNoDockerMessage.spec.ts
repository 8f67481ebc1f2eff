import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isPipelineError } from '../../errors';
import { silentLogger } from '../../log';
import { scratchDir, testConfig } from '../../../test/support';
import { dockerRunArgs } from '../docker';
import { createDatabaseStatement, mssqlConnectionUrl, mssqlContainerSpec, mssqlService } from '.';
import { mssqlConfig } from '../../db/mssqlUrl';

test('the SQL Server container accepts the EULA, takes sa password and port from config, keeps data under DATA_DIR', () => {
  assert.equal(dockerRunArgs(mssqlContainerSpec(14330, 'Secret_pw1', '/d/services/mssql')), [
    'run', '-d', '--name', 'iot-mssql',
    '-p', '127.0.0.1:14330:1433',
    '-e', 'ACCEPT_EULA=Y', '-e', 'MSSQL_SA_PASSWORD=Secret_pw1', '-e', 'MSSQL_PID=Developer',
    '-v', '/d/services/mssql:/var/opt/mssql/data',
    'mcr.microsoft.com/mssql/server:2022-latest',
  ]);
});

test('the database is created only if missing, and the URL reaches it with the container certificate', () => {
  assert.is(createDatabaseStatement(), "IF DB_ID(N'iot') IS NULL CREATE DATABASE [iot]");
  const config = mssqlConfig(mssqlConnectionUrl(14330, 'p@ss:w/rd_1A'));
  assert.equal([config.server, config.port, config.user, config.password, config.database], ['127.0.0.1', 14330, 'sa', 'p@ss:w/rd_1A', 'iot']);
  assert.equal([config.options?.encrypt, config.options?.trustServerCertificate], [true, true]);
});

test('Azure SQL always encrypts and checks the certificate', () => {
  const config = mssqlConfig('mssql://etl:pw@myserver.database.windows.net:1433/iot');
  assert.equal([config.options?.encrypt, config.options?.trustServerCertificate], [true, false]);
});

test('without a Docker engine, up says so and how to point MSSQL_URL / DATABASE_URL at an existing server', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir, { MSSQL_URL: '', MSSQL_SA_PASSWORD: 'Secret_pw1' });
    const error = await mssqlService(config, silentLogger, () => false).up().then(() => undefined, (caught: unknown) => caught);
    assert.ok(isPipelineError(error));
    assert.is(error.code, 'MSSQL_NEEDS_DOCKER');
    assert.match(error.message, 'no Docker engine answers');
    assert.match(error.hint ?? '', 'DATABASE_URL=mssql://');
    assert.match(error.hint ?? '', 'MSSQL_URL');
    assert.match(error.hint ?? '', 'encrypt=true');
  } finally {
    scratch.cleanup();
  }
});

test('with Docker but no MSSQL_SA_PASSWORD, up names the variable', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir, { MSSQL_URL: '', MSSQL_SA_PASSWORD: '' });
    const error = await mssqlService(config, silentLogger, () => true).up().then(() => undefined, (caught: unknown) => caught);
    assert.ok(isPipelineError(error));
    assert.is(error.exitCode, 2);
    assert.match(error.message, 'MSSQL_SA_PASSWORD is not set');
  } finally {
    scratch.cleanup();
  }
});

test.run();
