// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthenticationError, MultipleErrors, NetworkError } from '@platformatic/kafka';
import { KafkaSecurity } from '../config';
import { kafkaFailure } from './errors';

/** A connection failure nested as platformatic nests it: operation → "cannot connect to any broker" → connection → cause. */
const nested = (cause: Error) =>
  new MultipleErrors('Listing topics failed.', [new MultipleErrors('Cannot connect to any broker.', [new NetworkError('Connection to k:9096 failed.', { cause })])]);
const tlsError = (code: string, message: string) => Object.assign(new Error(message), { code });
const security: KafkaSecurity = {
  protocol: 'SASL_SSL',
  sasl: { mechanism: 'SCRAM-SHA-512', username: 'iot-sensor', password: 'the-secret-itself' },
  tls: { caFile: '/etc/kafka/ca.pem', checkHostname: true },
};
const context = { brokers: ['k:9096'], security, action: 'checking it is ready' };

test('a refused login is KAFKA_AUTH_FAILED naming mechanism and user, not retriable, exit 1, without the password', () => {
  const failure = kafkaFailure(nested(new AuthenticationError('SASL authentication failed.')), context);
  assert.is(failure.code, 'KAFKA_AUTH_FAILED');
  assert.is(failure.retriable, false);
  assert.is(failure.exitCode, 1);
  assert.match(failure.message, 'refused the SASL SCRAM-SHA-512 login of user "iot-sensor"');
  assert.not.match(failure.describe(), 'the-secret-itself');
});

test('a certificate the CA did not sign is KAFKA_TLS_FAILED naming the CA file', () => {
  const failure = kafkaFailure(nested(tlsError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')), context);
  assert.is(failure.code, 'KAFKA_TLS_FAILED');
  assert.is(failure.retriable, false);
  assert.match(failure.message, 'the CA in KAFKA_SSL_CA_FILE=/etc/kafka/ca.pem did not sign');
  assert.match(failure.message, 'self-signed certificate in certificate chain');
  const system = kafkaFailure(nested(tlsError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate')), { ...context, security: { ...security, tls: { checkHostname: true } } });
  assert.match(system.message, "the system's trusted CAs (KAFKA_SSL_CA_FILE is not set)");
});

test('a certificate for another host name points at KAFKA_SSL_CHECK_HOSTNAME; a failed handshake asks whether the port speaks TLS', () => {
  const hostname = kafkaFailure(nested(tlsError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")), context);
  assert.is(hostname.code, 'KAFKA_TLS_FAILED');
  assert.match(hostname.hint!, 'KAFKA_SSL_CHECK_HOSTNAME=false');
  const handshake = kafkaFailure(nested(tlsError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')), context);
  assert.is(handshake.code, 'KAFKA_TLS_FAILED');
  assert.match(handshake.hint!, 'Is that a TLS port?');
});

test('a broker that wants a login we did not configure says which setting to use', () => {
  const failure = kafkaFailure(nested(new AuthenticationError('SASL authentication failed.')), { brokers: ['k:9096'], action: 'producing' });
  assert.match(failure.message, 'set KAFKA_SECURITY_PROTOCOL=SASL_SSL');
});

test.run();
