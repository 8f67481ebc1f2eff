import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createLogger } from '../../log';
import { waitFor } from '../../process';
import { AlertEventRow } from './alertEvent';
import { AlertWebhook } from './alertWebhook';

function events(count: number, from = 0): AlertEventRow[] {
  return Array.from({ length: count }, (_, index) => ({
    alert_id: `a${from + index}`, event: 'raised', sensor_id: 1, rule: 'stuck', raised_at: '2026-12-02 10:00:00', cleared_at: null, value: 20, detail: 'unchanged',
  }));
}

function captureLog(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ component: 'spec', level: 'info', format: 'json', write: (line) => lines.push(line) });
  return { logger, lines };
}

async function receiver(status: () => number): Promise<{ server: Server; url: string; keys: string[] }> {
  const keys: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const code = status();
      if (code < 300) keys.push(String(request.headers['idempotency-key']));
      response.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, keys };
}

test('a full queue drops its oldest events, counts them and logs it once; the rest arrive in order', async () => {
  let up = false;
  const target = await receiver(() => (up ? 204 : 503));
  const { logger, lines } = captureLog();
  const done: number[] = [];
  const webhook = new AlertWebhook({ url: target.url, queueLimit: 5, logger, onBatchDone: (batch) => done.push(batch) });
  try {
    webhook.enqueue(1, events(4));
    webhook.enqueue(2, events(4, 4));
    assert.ok(webhook.counts.dropped >= 2 && webhook.counts.dropped <= 3, `dropped ${webhook.counts.dropped}`);
    up = true;
    assert.ok(await waitFor(() => webhook.waiting === 0, { timeoutMs: 15_000, intervalMs: 50 }));
    assert.equal(target.keys.slice(-4), ['a4:raised', 'a5:raised', 'a6:raised', 'a7:raised']);
    assert.is(webhook.counts.delivered + webhook.counts.dropped, 8, 'every event delivered or counted as dropped');
    assert.equal(done, [1, 2]);
    assert.is(lines.filter((line) => line.includes('alerts.webhook.queue_full')).length, 1);
  } finally {
    await webhook.close(0);
    target.server.close();
  }
});

test('a 4xx answer is refused for good and logged; the next event still goes', async () => {
  let calls = 0;
  const target = await receiver(() => (++calls === 1 ? 404 : 204));
  const { logger, lines } = captureLog();
  const webhook = new AlertWebhook({ url: target.url, queueLimit: 10, logger });
  try {
    webhook.enqueue(1, events(2));
    assert.ok(await waitFor(() => webhook.waiting === 0, { timeoutMs: 5_000, intervalMs: 20 }));
    assert.equal({ delivered: webhook.counts.delivered, refused: webhook.counts.refused, retries: webhook.counts.retries }, { delivered: 1, refused: 1, retries: 0 });
    assert.ok(lines.some((line) => line.includes('alerts.webhook.refused') && line.includes('404')), lines.join('\n'));
  } finally {
    const counts = await webhook.close(0);
    assert.is(counts.queued, 0);
    target.server.close();
  }
});

test('closing with events left logs how many are undelivered, without waiting past its grace', async () => {
  const { logger, lines } = captureLog();
  const webhook = new AlertWebhook({ url: 'http://127.0.0.1:9/nobody', queueLimit: 10, logger });
  webhook.enqueue(1, events(3));
  const started = Date.now();
  const counts = await webhook.close(300);
  assert.ok(Date.now() - started < 3_000, `closed in ${Date.now() - started} ms`);
  assert.is(counts.queued, 3);
  assert.ok(lines.some((line) => line.includes('alerts.webhook.undelivered')));
});

test.run();
