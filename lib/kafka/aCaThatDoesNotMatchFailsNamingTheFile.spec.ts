import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { iotWithEnvFile, saslSslEnvFile, SaslSslBroker, startSaslSslBroker } from '../../test/support/kafka/saslSslBroker';
import { makeCertificateAuthority } from '../../test/support/kafka/testCertificates';
import { scratchDir } from '../../test/support';

const scratch = scratchDir('iot-wrong-ca-');
const dataDir = join(scratch.dir, 'data');
let broker: SaslSslBroker;

test.before(async () => {
  // A certificate for "localhost" only, so that connecting by 127.0.0.1 meets the host-name check.
  broker = await startSaslSslBroker(scratch.dir, loadConfig({ env: process.env }).cacheDir, { certificateNames: ['DNS:localhost'], advertisedHost: 'localhost' });
});

test('a CA that did not sign the broker certificate fails with KAFKA_TLS_FAILED naming the CA file, exit 1', async () => {
  const otherCa = await makeCertificateAuthority(join(scratch.dir, 'other'), 'some-other-ca');
  const result = await iotWithEnvFile(['services', 'up', 'kafka'], saslSslEnvFile(broker, join(scratch.dir, 'other-ca.env'), { KAFKA_SSL_CA_FILE: otherCa.caFile }), dataDir);
  assert.is(result.code, 1, result.stderr);
  assert.ok(result.seconds < 30, `failed after ${result.seconds} s`);
  assert.match(result.stderr, 'error [KAFKA_TLS_FAILED]');
  assert.match(result.stderr, `the CA in KAFKA_SSL_CA_FILE=${otherCa.caFile} did not sign`);
  assert.match(result.stderr, 'self-signed certificate in certificate chain');
  assert.not.match(result.stderr, /\n\s+at /, 'a message, not a stack trace');
});

test('without a CA file the system CAs are used, and the message says so', async () => {
  const result = await iotWithEnvFile(['services', 'up', 'kafka'], saslSslEnvFile(broker, join(scratch.dir, 'no-ca.env'), { KAFKA_SSL_CA_FILE: '' }), dataDir);
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stderr, 'error [KAFKA_TLS_FAILED]');
  assert.match(result.stderr, "the system's trusted CAs (KAFKA_SSL_CA_FILE is not set)");
});

test('an unreadable CA file stops before connecting: CONFIG_INVALID naming the file, exit 2', async () => {
  const missing = join(scratch.dir, 'no-such-ca.pem');
  const result = await iotWithEnvFile(['services', 'up', 'kafka'], saslSslEnvFile(broker, join(scratch.dir, 'missing-ca.env'), { KAFKA_SSL_CA_FILE: missing }), dataDir);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, `error [CONFIG_INVALID]: KAFKA_SSL_CA_FILE=${missing} cannot be read (ENOENT)`);
});

test('a certificate that does not name the address connected to fails naming KAFKA_SSL_CHECK_HOSTNAME; false connects, with a warning', async () => {
  const byAddress = broker.address.replace('localhost', '127.0.0.1');
  const checked = await iotWithEnvFile(['services', 'up', 'kafka'], saslSslEnvFile(broker, join(scratch.dir, 'by-address.env'), { KAFKA_BROKERS: byAddress }), dataDir);
  assert.is(checked.code, 1, checked.stderr);
  assert.match(checked.stderr, 'error [KAFKA_TLS_FAILED]: The TLS certificate of Kafka at');
  assert.match(checked.stderr, 'KAFKA_SSL_CHECK_HOSTNAME=false');
  const unchecked = await iotWithEnvFile(['services', 'up', 'kafka'], saslSslEnvFile(broker, join(scratch.dir, 'unchecked.env'), { KAFKA_BROKERS: byAddress, KAFKA_SSL_CHECK_HOSTNAME: 'false' }), dataDir);
  assert.is(unchecked.code, 0, unchecked.stderr);
  assert.match(unchecked.stderr, 'kafka.tls.hostname_check_off');
});

test.after(async () => {
  await broker?.stop();
  scratch.cleanup();
});

test.run();
