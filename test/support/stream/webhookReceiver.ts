/** A webhook receiver of the spec's own on 127.0.0.1: records each alert event it is posted, keyed as the sender says. */
import { createServer, Server } from 'node:http';

export interface WebhookReceiver {
  /** Idempotency keys (`<alert_id>:<event>`) in the order received, repeats included. */
  readonly received: string[];
  /** The bodies, parsed. */
  readonly bodies: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port: number): Promise<WebhookReceiver> {
  const received: string[] = [];
  const bodies: Array<Record<string, unknown>> = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      received.push(String(request.headers['idempotency-key']));
      bodies.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    received,
    bodies,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
