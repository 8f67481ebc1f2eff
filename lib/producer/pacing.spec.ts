// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pace } from './pacing';

test('a fixed rate emits what is due over the duration', async () => {
  let emitted = 0;
  await pace({ rate: 200, durationSeconds: 0.5 }, async (n) => { emitted += n; });
  assert.ok(emitted >= 95 && emitted <= 101, `emitted ${emitted}`);
});

test('count stops exactly, at max', async () => {
  let emitted = 0;
  await pace({ rate: 'max', count: 12_345, chunk: 1_000 }, async (n) => { emitted += n; });
  assert.is(emitted, 12_345);
});

test('an abort stops a run without end', async () => {
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 200);
  const started = Date.now();
  await pace({ rate: 50, signal: abort.signal }, async () => undefined);
  assert.ok(Date.now() - started < 1_000);
});

test.run();
