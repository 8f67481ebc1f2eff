// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, ServiceError } from '../errors';
import { sleep, sleepUnlessAborted } from './sleep';
import { TimeoutError, withinTimeout } from './timeout';
import { waitFor } from './waitFor';

test('sleepUnlessAborted ends when any of its signals aborts, and at once when one already has', async () => {
  const stop = new AbortController();
  const started = Date.now();
  setTimeout(() => stop.abort(), 50);
  await sleepUnlessAborted(10_000, [undefined, new AbortController().signal, stop.signal]);
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  const before = Date.now();
  await sleepUnlessAborted(10_000, stop.signal);
  assert.ok(Date.now() - before < 50);
});

test('withinTimeout rejects with a TimeoutError naming what did not answer, and passes a quick result through', async () => {
  assert.is(await withinTimeout(Promise.resolve(7), 1_000, 'quick'), 7);
  const error = await withinTimeout(sleep(5_000), 30, 'PostgreSQL at 127.0.0.1:1').catch((caught: unknown) => caught);
  assert.instance(error, TimeoutError);
  assert.is((error as Error).message, 'PostgreSQL at 127.0.0.1:1 did not answer within 0.03 s');
});

test('waitFor retries a retriable failure but rethrows a non-retriable PipelineError at once', async () => {
  let calls = 0;
  const ready = await waitFor(async () => {
    calls++;
    if (calls < 3) throw new ServiceError('not up yet', { retriable: true });
    return true;
  }, { timeoutMs: 5_000, intervalMs: 10 });
  assert.ok(ready);
  assert.is(calls, 3);
  const started = Date.now();
  const refused = await waitFor(async () => { throw new ConfigError('bad password'); }, { timeoutMs: 5_000, intervalMs: 10 }).catch((error: unknown) => error);
  assert.instance(refused, ConfigError);
  assert.ok(Date.now() - started < 1_000, 'no waiting out the timeout');
  assert.is(await waitFor(async () => false, { timeoutMs: 50, intervalMs: 10 }), false);
});

test.run();
