// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { retry, retryDelay, RetryPolicy, retryPolicies } from './retryPolicy';

const policy: RetryPolicy = { initialMs: 100, factor: 2, capMs: 1_000, jitter: 0.5 };
const failing = (error: Error, times: number) => {
  let calls = 0;
  return async (attempt: number) => {
    calls++;
    if (attempt < times) throw error;
    return calls;
  };
};

test('the delay starts at initialMs, grows by factor per attempt and stops at the cap', () => {
  const exact = { ...policy, jitter: 0 };
  assert.equal([1, 2, 3, 4, 5, 6, 50].map((attempt) => retryDelay(exact, attempt)), [100, 200, 400, 800, 1_000, 1_000, 1_000]);
});

test('jitter takes the delay anywhere between (1 - jitter) and all of it', () => {
  assert.is(retryDelay(policy, 3, () => 0), 200);
  assert.is(retryDelay(policy, 3, () => 1), 400);
  assert.is(retryDelay(policy, 3, () => 0.5), 300);
});

test('every policy in use starts below its cap and has a jitter between 0 and 1', () => {
  for (const [name, tuning] of Object.entries(retryPolicies)) {
    assert.ok(tuning.initialMs > 0 && tuning.initialMs <= tuning.capMs, name);
    assert.ok(tuning.factor >= 1, name);
    assert.ok(tuning.jitter >= 0 && tuning.jitter <= 1, name);
  }
});

test('a retriable failure is tried again until the step succeeds, and each retry is told its number and wait', async () => {
  const told: Array<[number, number]> = [];
  const calls = await retry(failing(new Error('down'), 2), {
    policy: { ...policy, initialMs: 1, capMs: 4, jitter: 0 }, retriable: () => true, onRetry: (_error, attempt, delay) => told.push([attempt, delay]),
  });
  assert.is(calls, 3);
  assert.equal(told, [[1, 1], [2, 2]]);
});

test('a failure waiting cannot cure (a refused login) is thrown at once, never retried', async () => {
  const refused = new Error('SASL authentication failed');
  let calls = 0;
  const error = await retry(async () => { calls++; throw refused; }, { policy, retriable: (failure) => failure !== refused }).catch((caught) => caught);
  assert.is(error, refused);
  assert.is(calls, 1);
});

test('maxRetries bounds the number of retries; the last failure is thrown', async () => {
  let calls = 0;
  const last = await retry(async () => { throw new Error(`try ${++calls}`); }, {
    policy: { ...policy, initialMs: 1, capMs: 1 }, retriable: () => true, maxRetries: 2,
  }).catch((caught: Error) => caught.message);
  assert.is(last, 'try 3');
});

test('maxElapsedMs (--max-outage) bounds the time: the last wait is cut to what is left, then the failure is thrown', async () => {
  const started = Date.now();
  let calls = 0;
  const error = await retry(async () => { calls++; throw new Error('down'); }, {
    policy: { initialMs: 40, factor: 1, capMs: 40, jitter: 0 }, retriable: () => true, maxElapsedMs: 100,
  }).catch((caught) => caught);
  const elapsed = Date.now() - started;
  assert.instance(error, Error);
  assert.ok(calls >= 3 && calls <= 4, `${calls} calls`);
  assert.ok(elapsed >= 100 && elapsed < 1_000, `gave up after ${elapsed} ms`);
});

test('an abort ends the wait at once and throws the last failure', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 20);
  let calls = 0;
  const error = await retry(async () => { calls++; throw new Error('down'); }, {
    policy: { initialMs: 60_000, factor: 1, capMs: 60_000, jitter: 0 }, retriable: () => true, signal: controller.signal,
  }).catch((caught: Error) => caught.message);
  assert.is(error, 'down');
  assert.is(calls, 1);
  assert.ok(Date.now() - started < 5_000);
});

test.run();
