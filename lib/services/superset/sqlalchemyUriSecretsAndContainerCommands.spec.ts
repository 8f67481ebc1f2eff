import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../../config';
import { scratchDir, testConfig } from '../../../test/support';
import { dockerRunArgs } from '../docker';
import { supersetMode } from '.';
import { dockerBuildArgs, supersetContainerSpec } from './dockerServer';
import { gunicornArgs } from './nativeServer';
import { supersetFiles } from './paths';
import { configuredOrStoredSecret } from './secrets';
import { sqlalchemyUri } from './sqlalchemyUri';
import { supersetVersion } from './version';

test('DATABASE_URL becomes a SQLAlchemy URI with the installed driver', () => {
  assert.is(sqlalchemyUri(parseDatabaseUrl('sqlite:/var/iot/warehouse.db')), 'sqlite:////var/iot/warehouse.db');
  assert.is(sqlalchemyUri(parseDatabaseUrl('sqlite:data/warehouse.db'), {}, '/repo'), 'sqlite:////repo/data/warehouse.db');
  assert.is(sqlalchemyUri(parseDatabaseUrl('postgres://iot:p%40ss@127.0.0.1:55432/iot?sslmode=require')), 'postgresql+psycopg2://iot:p%40ss@127.0.0.1:55432/iot?sslmode=require');
  assert.is(sqlalchemyUri(parseDatabaseUrl('postgresql://db.example.com/iot')), 'postgresql+psycopg2://db.example.com/iot');
  assert.is(sqlalchemyUri(parseDatabaseUrl('mssql://sa:Pw_1@sql.example.com:1433/iot?encrypt=true')), 'mssql+pymssql://sa:Pw_1@sql.example.com:1433/iot');
});

test('inside the container, the host\'s 127.0.0.1 is host.docker.internal; remote hosts stay', () => {
  const docker = { dockerHost: 'host.docker.internal' };
  assert.is(sqlalchemyUri(parseDatabaseUrl('postgres://iot:iot@127.0.0.1:55432/iot'), docker), 'postgresql+psycopg2://iot:iot@host.docker.internal:55432/iot');
  assert.is(sqlalchemyUri(parseDatabaseUrl('mssql://sa:Pw@localhost:1433/iot'), docker), 'mssql+pymssql://sa:Pw@host.docker.internal:1433/iot');
  assert.is(sqlalchemyUri(parseDatabaseUrl('postgres://iot:iot@db.example.com:5432/iot'), docker), 'postgresql+psycopg2://iot:iot@db.example.com:5432/iot');
});

test('the Docker image adds the engine\'s driver, and the container mounts config, state and the SQLite folder', () => {
  assert.equal(dockerBuildArgs('mssql', '/repo/superset'), [
    'build', '-t', `iot-pipeline/superset:${supersetVersion}-mssql`, '--build-arg', `SUPERSET_VERSION=${supersetVersion}`, '--build-arg', 'DRIVERS=pymssql', '/repo/superset',
  ]);
  assert.ok(dockerBuildArgs('postgres', '/repo/superset').includes('DRIVERS=psycopg2-binary'));
  const config = testConfig('/srv/iot', { SUPERSET_PORT: '18088' });
  const args = dockerRunArgs(supersetContainerSpec({
    files: supersetFiles(config), sourceDir: '/repo/superset', port: 18088, database: config.database, secretKey: 'k3y', user: '1000:1000',
  }));
  assert.equal(args, [
    'run', '-d', '--name', 'iot-superset', '-p', '127.0.0.1:18088:8088',
    '-e', 'SUPERSET_HOME=/app/superset_home', '-e', 'SUPERSET_CONFIG_PATH=/app/iot/superset_config.py', '-e', 'SUPERSET_SECRET_KEY=k3y',
    '-v', '/srv/iot/services/superset:/app/superset_home', '-v', '/repo/superset/superset_config.py:/app/iot/superset_config.py:ro', '-v', '/srv/iot:/srv/iot',
    '--user', '1000:1000', '--add-host', 'host.docker.internal:host-gateway', `iot-pipeline/superset:${supersetVersion}-sqlite`,
  ]);
});

test('Docker when an engine answers, else the virtualenv; SUPERSET_RUNTIME overrides', () => {
  assert.is(supersetMode(testConfig('/srv/iot'), () => true), 'docker');
  assert.is(supersetMode(testConfig('/srv/iot'), () => false), 'native');
  assert.is(supersetMode(testConfig('/srv/iot', { SUPERSET_RUNTIME: 'native' }), () => true), 'native');
});

test('gunicorn listens on 127.0.0.1 only, one worker with threads', () => {
  const args = gunicornArgs(18088);
  assert.equal(args.slice(0, 2), ['--bind', '127.0.0.1:18088']);
  assert.is(args[args.indexOf('--workers') + 1], '1');
});

test('an unset secret is generated once, kept private, and reused; a configured one wins and is not stored', () => {
  const scratch = scratchDir('iot-superset-secret-');
  try {
    const file = join(scratch.dir, 'services', 'superset', 'admin-password');
    const first = configuredOrStoredSecret(undefined, file);
    assert.ok(first.generated && first.value.length >= 32);
    assert.is(statSync(file).mode & 0o777, 0o600);
    assert.equal(configuredOrStoredSecret(undefined, file), first);
    assert.equal(configuredOrStoredSecret('from-env', join(scratch.dir, 'other')), { value: 'from-env', generated: false });
    assert.is(readFileSync(file, 'utf8').trim(), first.value);
  } finally {
    scratch.cleanup();
  }
});

test.run();
