import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, redactSecrets } from '../errors';
import { freePort, scratchDir } from '../../test/support';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');
const secret = 's3cr#t@pw';

function run(args: string[], dataDir: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [iot, ...args], { env: { ...process.env, DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 90_000 });
  return { code: result.status, output: result.stdout + result.stderr };
}

function logOf(dataDir: string): string {
  const file = join(dataDir, 'logs', 'iot.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

test('CONFIG_INVALID for a malformed DATABASE_URL shows *** where its password was', () => {
  const scratch = scratchDir('iot-redact-');
  try {
    const result = run(['etl'], scratch.dir, { DATABASE_URL: `postgres:/iot:${secret}/warehouse` });
    assert.is(result.code, 2);
    assert.match(result.output, 'CONFIG_INVALID');
    assert.not.match(result.output, 's3cr', 'no part of the password');
    const scheme = run(['etl'], scratch.dir, { DATABASE_URL: `mysql://iot:${secret}@db.example:3306/warehouse` });
    assert.is(scheme.code, 2);
    assert.match(scheme.output, 'mysql://iot:***@db.example:3306/warehouse');
    assert.not.match(scheme.output + logOf(scratch.dir), 's3cr');
    const unencoded = run(['etl'], scratch.dir, { DATABASE_URL: `postgres://iot:${secret}@127.0.0.1:5432/warehouse` });
    assert.is(unencoded.code, 2, 'a # in the password breaks the URL: a configuration error, not a crash');
    assert.match(unencoded.output, 'percent-encoded');
    assert.not.match(unencoded.output + logOf(scratch.dir), 's3cr');
  } finally {
    scratch.cleanup();
  }
});

test('DATABASE_URL shapes without a proper scheme (postgres//u:pw@…, u:pw@host:port/db) never print the password', () => {
  const scratch = scratchDir('iot-redact-');
  try {
    for (const url of [`postgres//iot:${secret}@db.example/warehouse`, `iot:${secret}@db.example:5432/warehouse`, `postgres:iot:${secret}@db.example/w`, `"iot:${secret}@db.example:5432/w"`]) {
      const result = run(['etl'], scratch.dir, { DATABASE_URL: url });
      assert.is(result.code, 2, url);
      assert.match(result.output, 'CONFIG_INVALID');
      assert.match(result.output, '***@db.example', url);
      assert.not.match(result.output + logOf(scratch.dir), 's3cr', url);
    }
  } finally {
    scratch.cleanup();
  }
});

test('a database that refuses the connection: the error names host and port, never the password', async () => {
  const scratch = scratchDir('iot-redact-');
  try {
    const port = await freePort();
    const result = run(['etl'], scratch.dir, { DATABASE_URL: `postgres://iot:${encodeURIComponent(secret)}@127.0.0.1:${port}/warehouse`, LOG_LEVEL: 'debug' });
    assert.is(result.code, 1);
    assert.match(result.output, `127.0.0.1:${port}`);
    assert.not.match(result.output + logOf(scratch.dir), 's3cr');
  } finally {
    scratch.cleanup();
  }
});

test('every PipelineError redacts URL passwords, also with @ in them, and connection-string passwords', () => {
  const error = new ConfigError(`cannot use postgres://u:${secret}@h:5432/db or Server=h;User Id=u;Password=${secret};`, { hint: `try mssql://sa:${secret}@h/db` });
  assert.is(error.message, 'cannot use postgres://u:***@h:5432/db or Server=h;User Id=u;Password=***;');
  assert.is(error.hint, 'try mssql://sa:***@h/db');
  assert.is(redactSecrets('sqlite:data/warehouse.db and http://host:8088/x'), 'sqlite:data/warehouse.db and http://host:8088/x', 'nothing else changes');
  const line = JSON.stringify({ url: 'http://host:8088', user: 'a@b', db: `postgres://u:${secret}@h/db` });
  assert.is(redactSecrets('u:pw/with/slashes@host:5432/db'), 'u:***@host:5432/db');
  assert.is(redactSecrets('DATABASE_URL=postgres//u:pw@h/db'), 'DATABASE_URL=postgres//u:***@h/db');
  assert.is(redactSecrets('postgres://:pw@h/db'), 'postgres://:***@h/db', 'an empty user name');
  assert.is(redactSecrets('Kafka at kafka1:9092,kafka2:9092 at 10:00:14'), 'Kafka at kafka1:9092,kafka2:9092 at 10:00:14');
  assert.is(redactSecrets(line), JSON.stringify({ url: 'http://host:8088', user: 'a@b', db: 'postgres://u:***@h/db' }), 'a JSON log line stays JSON');
});

test.run();
