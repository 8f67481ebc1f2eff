import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dockerRunArgs } from '../docker';
import { postgresContainerSpec, postgresSettings } from '.';

test('the postgres container publishes our port on loopback with our user, password and database', () => {
  assert.equal(dockerRunArgs(postgresContainerSpec(55432, '/data/services/postgres/docker-data')), [
    'run', '-d', '--name', 'iot-postgres',
    '-p', '127.0.0.1:55432:5432',
    '-e', 'POSTGRES_USER=iot', '-e', 'POSTGRES_PASSWORD=iot', '-e', 'POSTGRES_DB=iot',
    '-v', '/data/services/postgres/docker-data:/var/lib/postgresql/data',
    'postgres:15',
  ]);
});

test('the native server listens on our port, on 127.0.0.1 only, without a Unix socket', () => {
  const settings = postgresSettings(55999);
  assert.match(settings, /^port = 55999$/m);
  assert.match(settings, /^listen_addresses = '127.0.0.1'$/m);
  assert.match(settings, /^unix_socket_directories = ''$/m);
});

test.run();
