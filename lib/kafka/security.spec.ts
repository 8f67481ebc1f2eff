// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { createLogger } from '../log';
import { scratchDir, testConfig } from '../../test/support';
import { kafkaSecurityOptions } from './security';

const scratch = scratchDir('iot-security-');
const pem = (kind: string) => `-----BEGIN ${kind}-----\nMIIB\n-----END ${kind}-----\n`;
const caFile = join(scratch.dir, 'ca.pem');
writeFileSync(caFile, pem('CERTIFICATE'));
writeFileSync(join(scratch.dir, 'client.pem'), pem('CERTIFICATE'));
writeFileSync(join(scratch.dir, 'client.key'), pem('PRIVATE KEY'));
writeFileSync(join(scratch.dir, 'not-pem.der'), Buffer.from([0x30, 0x82, 0x01]));

const secured = (env: Record<string, string>) =>
  testConfig(scratch.dir, { KAFKA_BROKERS: 'pkc-1.eu-west-1.aws.confluent.cloud:9092', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'KEY', KAFKA_SASL_PASSWORD: 'SECRET', ...env }).kafka;
const optionsOf = (env: Record<string, string>, logger = createLogger({ component: 'spec', write: () => undefined })) => {
  const kafka = secured(env);
  return kafkaSecurityOptions(kafka.security, kafka.brokers!, logger);
};

test('PLAINTEXT gives no options at all', () => {
  assert.equal(kafkaSecurityOptions({ protocol: 'PLAINTEXT' }, ['127.0.0.1:9092']), {});
  assert.equal(kafkaSecurityOptions(undefined, ['127.0.0.1:9092']), {});
});

test('SASL_SSL: the SASL login, TLS with the system CAs, SNI for a host name', () => {
  assert.equal(optionsOf({ KAFKA_SASL_MECHANISM: 'PLAIN' }), {
    sasl: { mechanism: 'PLAIN', username: 'KEY', password: 'SECRET' },
    tls: {},
    tlsServerName: true,
  });
});

test('a CA file and a client certificate and key are passed as their PEM text; no SNI for IP addresses', () => {
  const options = optionsOf({
    KAFKA_BROKERS: '10.0.0.5:9096,[::1]:9096', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SSL_CA_FILE: caFile,
    KAFKA_SSL_CERT_FILE: join(scratch.dir, 'client.pem'), KAFKA_SSL_KEY_FILE: join(scratch.dir, 'client.key'),
  });
  assert.equal(options.sasl, { mechanism: 'SCRAM-SHA-512', username: 'KEY', password: 'SECRET' });
  assert.equal(options.tls, { ca: pem('CERTIFICATE'), cert: pem('CERTIFICATE'), key: pem('PRIVATE KEY') });
  assert.is(options.tlsServerName, false);
});

test('SSL without SASL: TLS only', () => {
  const kafka = testConfig(scratch.dir, { KAFKA_BROKERS: 'kafka.internal:9093', KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: caFile }).kafka;
  assert.equal(kafkaSecurityOptions(kafka.security, kafka.brokers!), { tls: { ca: pem('CERTIFICATE') }, tlsServerName: true });
});

test('KAFKA_SSL_CHECK_HOSTNAME=false skips only the host-name check, with one warning per process', () => {
  const lines: string[] = [];
  const logger = createLogger({ component: 'spec', format: 'json', write: (line) => lines.push(line) });
  const options = optionsOf({ KAFKA_SSL_CHECK_HOSTNAME: 'false', KAFKA_SSL_CA_FILE: caFile }, logger);
  optionsOf({ KAFKA_SSL_CHECK_HOSTNAME: 'false' }, logger);
  const tls = options.tls as { checkServerIdentity?: (host: string, cert: unknown) => Error | undefined; rejectUnauthorized?: boolean };
  assert.is(tls.checkServerIdentity!('kafka.example.com', {}), undefined);
  assert.is(tls.rejectUnauthorized, undefined, 'the certificate chain is still verified (Node\'s default)');
  assert.is(lines.length, 1);
  assert.match(lines[0], '"level":"warn"');
  assert.match(lines[0], 'KAFKA_SSL_CHECK_HOSTNAME=false');
  assert.is(optionsOf({ KAFKA_SSL_CA_FILE: caFile }).tls!.checkServerIdentity, undefined, 'checked by default');
});

test('a CA file that cannot be read, or is not PEM, stops with CONFIG_INVALID naming the setting and the file', () => {
  for (const [file, expected] of [[join(scratch.dir, 'missing.pem'), 'cannot be read (ENOENT)'], [join(scratch.dir, 'not-pem.der'), 'is not a PEM certificate']]) {
    try {
      optionsOf({ KAFKA_SSL_CA_FILE: file });
      assert.unreachable('expected a ConfigError');
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.is((error as ConfigError).code, 'CONFIG_INVALID');
      assert.is((error as ConfigError).exitCode, 2);
      assert.match((error as Error).message, `KAFKA_SSL_CA_FILE=${file} ${expected}`);
    }
  }
});

test.after(() => scratch.cleanup());
test.run();
