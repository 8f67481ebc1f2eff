// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthenticationError, MultipleErrors, NetworkError, ProtocolError, TimeoutError, UserError } from '@platformatic/kafka';
import { UsageError } from '../errors';
import { isNeverRetried, kafkaFailure, isRetriableKafkaError } from './errors';

const context = { brokers: ['kafka1:9092', 'kafka2:9092'], action: 'producing to sensor-data' };

test('a refused connection, also wrapped in retries, is KAFKA_UNREACHABLE naming the brokers and the cause', () => {
  const refused = new NetworkError('Connection to kafka1:9092 failed.', { cause: new Error('connect ECONNREFUSED 10.0.0.1:9092') });
  const failure = kafkaFailure(new MultipleErrors('Producing messages failed 3 times.', [refused, new TimeoutError('Request timed out.')]), context);
  assert.is(failure.code, 'KAFKA_UNREACHABLE');
  assert.ok(failure.retriable);
  assert.match(failure.message, 'Kafka at kafka1:9092,kafka2:9092 did not answer while producing to sensor-data');
  assert.match(failure.message, 'ECONNREFUSED');
  assert.match(failure.hint!, 'KAFKA_BROKERS');
});

test('a refused login is KAFKA_AUTH_FAILED, not retriable, naming the user and mechanism but never the password', () => {
  const security = { protocol: 'SASL_SSL' as const, sasl: { mechanism: 'SCRAM-SHA-512' as const, username: 'sensors', password: 's3cret-pw' } };
  for (const error of [new AuthenticationError('SASL authentication failed.'), new ProtocolError('SASL_AUTHENTICATION_FAILED')]) {
    const failure = kafkaFailure(error, { ...context, security });
    assert.is(failure.code, 'KAFKA_AUTH_FAILED');
    assert.is(failure.retriable, false);
    assert.match(failure.message, 'the SASL SCRAM-SHA-512 login of user "sensors"');
    assert.not.match(failure.describe(), 's3cret-pw');
  }
});

test("a broker's error answer is KAFKA_FAILED, retriable as platformatic says; our own errors pass through", () => {
  const notLeader = kafkaFailure(new ProtocolError('NOT_LEADER_OR_FOLLOWER'), context);
  assert.is(notLeader.code, 'KAFKA_FAILED');
  assert.ok(notLeader.retriable);
  assert.is(isRetriableKafkaError(new ProtocolError('MESSAGE_TOO_LARGE')), false);
  const ours = new UsageError('bad flag');
  assert.is(kafkaFailure(ours, context), ours);
});

test('a refused login nested in a retriable "cannot connect" is never retried, nor is a missing ACL or a TLS reset', () => {
  const login = new NetworkError('Cannot connect to any broker.', { canRetry: true, cause: new AuthenticationError('SASL authentication failed.') });
  const wrapped = new MultipleErrors('Fetching metadata failed 3 times.', [login]);
  assert.ok(isNeverRetried(wrapped));
  assert.is(isRetriableKafkaError(wrapped), false);
  assert.is(kafkaFailure(wrapped, context).code, 'KAFKA_AUTH_FAILED');
  const acl = new ProtocolError('GROUP_AUTHORIZATION_FAILED');
  assert.ok(isNeverRetried(acl));
  const denied = kafkaFailure(acl, context);
  assert.is(denied.code, 'KAFKA_AUTH_FAILED');
  assert.is(denied.retriable, false);
  assert.match(denied.message, 'GROUP_AUTHORIZATION_FAILED');
  const reset = Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' });
  const tls = new UserError('TLS handshake failed.', { cause: reset });
  assert.ok(isNeverRetried(tls));
  assert.is(kafkaFailure(tls, context).code, 'KAFKA_TLS_FAILED');
  assert.not.ok(isNeverRetried(new NetworkError('Connection failed.', { canRetry: true, cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) })));
});

test.run();
