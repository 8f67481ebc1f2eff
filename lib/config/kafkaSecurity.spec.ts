// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../errors';
import { loadConfig } from './load';

const secret = 'never-show-this-secret';
const load = (env: Record<string, string>) => loadConfig({ env: { KAFKA_BROKERS: 'kafka.example.com:9093', ...env }, envFile: '/nonexistent/.env', cwd: '/srv/iot' });

function refused(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    assert.instance(error, ConfigError);
    const configError = error as ConfigError;
    assert.is(configError.code, 'CONFIG_INVALID');
    assert.is(configError.exitCode, 2);
    assert.not.match(configError.describe(), secret, 'the password never appears in an error');
    return configError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

test('nothing set: PLAINTEXT, no login, no TLS', () => {
  assert.equal(loadConfig({ env: {}, envFile: '/nonexistent/.env' }).kafka.security, { protocol: 'PLAINTEXT' });
});

test('SASL_SSL with SCRAM-SHA-512: the login and TLS, files resolved against the working folder', () => {
  const security = load({
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'alice',
    KAFKA_SASL_PASSWORD: secret, KAFKA_SSL_CA_FILE: 'certs/ca.pem',
  }).kafka.security;
  assert.equal(security, {
    protocol: 'SASL_SSL',
    sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: secret },
    tls: { caFile: '/srv/iot/certs/ca.pem', certFile: undefined, keyFile: undefined, checkHostname: true },
  });
});

test('SASL without a user or a password names the missing setting and not the password', () => {
  assert.match(refused({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: secret }).message, 'KAFKA_SASL_USERNAME is not set');
  assert.match(refused({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_USERNAME: 'alice' }).message, 'KAFKA_SASL_PASSWORD is not set');
});

test('credentials or TLS files the protocol would ignore are refused, naming what to set', () => {
  const sasl = refused({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: secret });
  assert.match(sasl.message, 'KAFKA_SASL_USERNAME is set, but KAFKA_SECURITY_PROTOCOL=SSL does not use it');
  assert.match(sasl.hint!, 'KAFKA_SECURITY_PROTOCOL=SASL_SSL');
  const ca = refused({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: secret, KAFKA_SSL_CA_FILE: 'ca.pem' });
  assert.match(ca.message, 'KAFKA_SSL_CA_FILE is set');
  assert.match(refused({ KAFKA_SSL_CHECK_HOSTNAME: 'false' }).message, 'does not use TLS');
});

test('mutual TLS needs both the certificate and the key', () => {
  assert.match(refused({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: 'client.pem' }).message, 'KAFKA_SSL_KEY_FILE is not set');
  assert.match(refused({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_KEY_FILE: 'client.key' }).message, 'KAFKA_SSL_CERT_FILE is not set');
});

test('a secured protocol needs KAFKA_BROKERS: our own broker is PLAINTEXT', () => {
  const error = refused({ KAFKA_BROKERS: '', KAFKA_SECURITY_PROTOCOL: 'SSL' });
  assert.match(error.message, 'needs KAFKA_BROKERS');
});

test('a bad protocol or mechanism names the variable and the accepted forms', () => {
  assert.match(refused({ KAFKA_SECURITY_PROTOCOL: 'TLS' }).message, 'KAFKA_SECURITY_PROTOCOL="TLS" is not valid: expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL');
  assert.match(refused({ KAFKA_SASL_MECHANISM: 'GSSAPI' }).message, 'one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512');
});

test.run();
