// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthenticationError, NetworkError } from '@platformatic/kafka';
import { ServiceError, StateError } from '../../errors';
import { LogFields, Logger } from '../../log';
import { isTransient, OutageGuard } from './outage';

function recordingLogger(): Logger & { events: string[] } {
  const events: string[] = [];
  const logger = {
    events,
    debug: () => undefined,
    info: (event: string, _fields?: LogFields) => { events.push(event); },
    warn: (event: string, _fields?: LogFields) => { events.push(event); },
    error: (event: string, _fields?: LogFields) => { events.push(event); },
    child: () => logger,
  };
  return logger;
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });

test('transient: refused connections, leaders and coordinators moving, the client\'s own verdict; never programmer or state errors', () => {
  assert.ok(isTransient(refused()));
  assert.ok(isTransient(Object.assign(new Error('x'), { apiId: 'NOT_LEADER_OR_FOLLOWER' })));
  assert.ok(isTransient(Object.assign(new Error('x'), { apiId: 'COORDINATOR_LOAD_IN_PROGRESS' })));
  assert.ok(isTransient(new AggregateError([Object.assign(new Error('x'), { apiId: 'LEADER_NOT_AVAILABLE' })], 'multiple')));
  assert.ok(isTransient(Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { canRetry: true }) })));
  assert.ok(isTransient(new ServiceError('gone', { code: 'KAFKA_UNREACHABLE', retriable: true })));
  assert.not.ok(isTransient(new ServiceError('members', { code: 'GROUP_HAS_MEMBERS', retriable: false, cause: refused() })));
  assert.not.ok(isTransient(new StateError('corrupt checkpoint')));
  assert.not.ok(isTransient(new TypeError('undefined is not a function')));
  assert.not.ok(isTransient(new Error('something else')));
});

test('a refused login is never transient, though the client wraps it in a retriable network error', () => {
  const login = new NetworkError('Cannot connect to any broker.', { canRetry: true, cause: new AuthenticationError('SASL authentication failed.') });
  assert.not.ok(isTransient(login));
  assert.not.ok(isTransient(new ServiceError('refused', { code: 'KAFKA_AUTH_FAILED', retriable: false })));
});

test('an outage is retried, logged once at its start and once at its end', async () => {
  const logger = recordingLogger();
  const guard = new OutageGuard({ maxOutageSeconds: 10, brokers: ['b:1'], logger, signals: [], random: () => 0 });
  let calls = 0;
  const retries: boolean[] = [];
  const result = await guard.run('batch 3', async (retry) => {
    retries.push(retry);
    if (++calls < 3) throw refused();
    return 'done';
  });
  assert.is(result, 'done');
  assert.equal(retries, [false, true, true]);
  assert.equal(logger.events, ['stream.kafka_outage', 'stream.kafka_outage_over']);
});

test('a programmer error is thrown at once, not retried', async () => {
  const guard = new OutageGuard({ maxOutageSeconds: 10, brokers: ['b:1'], logger: recordingLogger(), signals: [] });
  let calls = 0;
  try {
    await guard.run('batch 1', async () => { calls++; throw new TypeError('bug'); });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TypeError);
  }
  assert.is(calls, 1);
});

test('past --max-outage: KAFKA_OUTAGE, exit 1, with the hint that a rerun resumes exactly', async () => {
  const guard = new OutageGuard({ maxOutageSeconds: 1, brokers: ['b:1'], logger: recordingLogger(), signals: [], random: () => 0 });
  const started = Date.now();
  try {
    await guard.run('batch 7', async () => { throw refused(); });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ServiceError);
    const failure = error as ServiceError;
    assert.is(failure.code, 'KAFKA_OUTAGE');
    assert.is(failure.exitCode, 1);
    assert.match(failure.message, 'stayed unusable for 1 s (--max-outage 1) while batch 7');
    assert.match(failure.message, 'ECONNREFUSED');
    assert.match(failure.hint ?? '', 'Rerunning `iot consume` resumes exactly');
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1_000 && elapsed < 2_500, `gave up after ${elapsed} ms`);
});

test.run();
