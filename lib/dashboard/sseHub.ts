import type { SSEReplyInterface } from '@fastify/sse';
import { LiveState } from './liveState';

/** Pushes per second at most: a person sees no difference beyond this, and the page stays cheap. */
export const pushesPerSecond = 4;

/**
 * Server-Sent Events to every open page: a `snapshot` when one connects, then
 * every 1/pushesPerSecond s one `update` with everything that changed, so a
 * thousand readings a second cost four messages.
 */
export class SseHub {
  private readonly clients = new Set<SSEReplyInterface>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly state: LiveState) {}

  start(): void {
    this.timer = setInterval(() => this.push(), 1000 / pushesPerSecond);
  }

  async add(client: SSEReplyInterface): Promise<void> {
    client.keepAlive();
    this.clients.add(client);
    client.onClose(() => this.clients.delete(client));
    await client.send({ event: 'snapshot', data: this.state.snapshot() });
  }

  get connected(): number {
    return this.clients.size;
  }

  /** Ends every stream, so the server can close without waiting for pages to go away. */
  close(): void {
    clearInterval(this.timer);
    for (const client of this.clients) client.close();
    this.clients.clear();
  }

  private push(): void {
    const update = this.state.takeUpdate();
    if (!update || this.clients.size === 0) return;
    for (const client of this.clients) {
      if (!client.isConnected) { this.clients.delete(client); continue; }
      client.send({ event: 'update', data: update }).catch(() => this.clients.delete(client));
    }
  }
}
