import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { iotWithEnvFile, saslSslEnvFile, SaslSslBroker, startSaslSslBroker } from '../../test/support/kafka/saslSslBroker';
import { scratchDir } from '../../test/support';

const scratch = scratchDir('iot-wrong-password-');
const dataDir = join(scratch.dir, 'data');
let broker: SaslSslBroker;

test.before(async () => {
  broker = await startSaslSslBroker(scratch.dir, loadConfig({ env: process.env }).cacheDir);
});

test('a wrong SCRAM-SHA-512 password fails within 30 s with KAFKA_AUTH_FAILED naming mechanism and user, exit 1, not retried', async () => {
  const wrongPassword = `wrong-${broker.user.password.slice(0, 8)}-password`;
  const envFile = saslSslEnvFile(broker, join(scratch.dir, 'wrong.env'), { KAFKA_SASL_PASSWORD: wrongPassword });
  const result = await iotWithEnvFile(['services', 'up', 'kafka'], envFile, dataDir);
  assert.is(result.code, 1, result.stderr);
  assert.ok(result.seconds < 30, `failed after ${result.seconds} s`);
  assert.match(result.stderr, 'error [KAFKA_AUTH_FAILED]');
  assert.match(result.stderr, `refused the SASL SCRAM-SHA-512 login of user "${broker.user.name}"`);
  assert.match(result.stderr, broker.address);
  assert.not.match(result.stderr + result.stdout, wrongPassword, 'the password is not echoed');
  assert.not.match(result.stderr, /\n\s+at /, 'a message, not a stack trace');
});

test('iot consume with a wrong password exits 1 within 30 s with KAFKA_AUTH_FAILED: a refused login is not an outage to wait out', async () => {
  const wrongPassword = `wrong-${broker.user.password.slice(0, 8)}-consume`;
  const envFile = saslSslEnvFile(broker, join(scratch.dir, 'wrong-consume.env'), { KAFKA_SASL_PASSWORD: wrongPassword });
  const result = await iotWithEnvFile(['consume', '--duration', '0'], envFile, join(scratch.dir, 'consume-data'), 60_000);
  assert.is(result.code, 1, result.stderr);
  assert.ok(result.seconds < 30, `failed after ${result.seconds} s`);
  assert.match(result.stderr, 'error [KAFKA_AUTH_FAILED]');
  assert.match(result.stderr, `user "${broker.user.name}"`);
  assert.not.match(result.stderr + result.stdout, 'stream.kafka_outage', 'not retried as an outage');
  assert.not.match(result.stderr + result.stdout, wrongPassword, 'the password is not echoed');
});

test('the right password is accepted by the same command', async () => {
  const result = await iotWithEnvFile(['services', 'up', 'kafka'], saslSslEnvFile(broker, join(scratch.dir, 'right.env')), dataDir);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /kafka\s+remote\s+ready/);
});

test.after(async () => {
  await broker?.stop();
  scratch.cleanup();
});

test.run();
