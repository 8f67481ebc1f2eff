import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sleep, sleepUnlessAborted } from './sleep';
import { TimeoutError, withinTimeout } from './timeout';

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

test.run();
