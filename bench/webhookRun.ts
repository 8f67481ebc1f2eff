import { createServer, Server } from 'node:http';
import { freePort } from '../test/support/freePort';
import { ConsumeRun, runConsume } from './consumeRun';
import { BenchContext } from './figure';

export interface WebhookRun extends ConsumeRun {
  /** Alert events the receiver accepted once it was up. */
  received: number;
}

/**
 * `iot consume` with `flags` posting its alert events to ALERT_WEBHOOK_URL, a
 * receiver of the bench's own on 127.0.0.1 that is down for the first
 * `downSeconds` of the run (nothing listens on its port) and answers 204 after.
 */
export async function runWithFlakyWebhook(context: BenchContext, topic: string, records: number, flags: string[], downSeconds: number): Promise<WebhookRun> {
  const port = await freePort();
  let received = 0;
  let server: Server | undefined;
  const up = setTimeout(() => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => { received++; response.writeHead(204).end(); });
    }).listen(port, '127.0.0.1');
  }, downSeconds * 1000);
  try {
    const run = await runConsume(context, topic, records, 'alerts-webhook', flags, { ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/alerts` });
    context.logger.info('bench.webhook.run', { downSeconds, received, seconds: run.seconds });
    return { ...run, received };
  } finally {
    clearTimeout(up);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
