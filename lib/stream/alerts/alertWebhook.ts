import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { redactUrl } from '../../config';
import { Logger } from '../../log';
import { retryDelay, retryPolicies, sleepUnlessAborted } from '../../process';
import { AlertEventRow } from './alertEvent';

export interface AlertWebhookOptions {
  url: string;
  /** Events waiting at most; past it the oldest are dropped and counted. */
  queueLimit: number;
  logger: Logger;
  /** Called once every event of a batch left the queue (delivered, refused or dropped), oldest batch first. */
  onBatchDone?: (batchId: number) => void;
  /** Per request (default 5 s). */
  timeoutMs?: number;
}

export interface WebhookCounts {
  delivered: number;
  /** Refused by the receiver for good (a 4xx other than 408/429): retrying would not help. */
  refused: number;
  /** Pushed out of a full queue. */
  dropped: number;
  /** Attempts that failed and were retried. */
  retries: number;
  queued: number;
}

interface Queued {
  batchId: number;
  event: AlertEventRow;
}

/**
 * Posts each alert event of committed batches to ALERT_WEBHOOK_URL as JSON,
 * one at a time in order, retrying a receiver that is down with the
 * project's retry policy (retryPolicies.alertWebhook, 0.5 s → 10 s). The stream only enqueues: a slow or dead
 * receiver never slows a batch; a full queue drops its oldest event, counted
 * and logged. Delivery is at least once: a receiver may see an event twice
 * (after a restart), and recognises it by `Idempotency-Key: <alert_id>:<event>`.
 */
export class AlertWebhook {
  readonly counts: WebhookCounts = { delivered: 0, refused: 0, dropped: 0, retries: 0, queued: 0 };
  private readonly queue: Queued[] = [];
  /** The event being posted, out of the queue so a drop never takes it. */
  private current: Queued | undefined;
  private readonly stop = new AbortController();
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private attempt = 0;
  private droppedSinceLog = 0;

  /** The URL as logs show it: a password in it never reaches a log. */
  private readonly shownUrl: string;
  private readonly target: URL;
  /** One connection, kept alive: events go one at a time, in order. */
  private readonly agent: HttpAgent;

  constructor(private readonly options: AlertWebhookOptions) {
    this.shownUrl = redactUrl(options.url);
    this.target = new URL(options.url);
    const agentOptions = { keepAlive: true, maxSockets: 1 };
    this.agent = this.target.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  }

  enqueue(batchId: number, events: readonly AlertEventRow[]): void {
    for (const event of events) {
      if (this.queue.length > 0 && this.waiting >= this.options.queueLimit) this.drop(this.queue.shift()!);
      this.queue.push({ batchId, event });
    }
    this.counts.queued = this.waiting;
    if (events.length === 0) return;
    this.running ??= this.deliverLoop();
    this.wake?.();
  }

  /** Gives the queue up to `graceMs` to empty, then stops; what is left is logged as undelivered. */
  async close(graceMs: number): Promise<WebhookCounts> {
    const deadline = Date.now() + graceMs;
    while (this.waiting > 0 && Date.now() < deadline && this.running) await sleepUnlessAborted(50, []);
    this.stop.abort();
    this.wake?.();
    await this.running;
    this.agent.destroy();
    this.counts.queued = this.waiting;
    if (this.waiting > 0 || this.counts.dropped > 0 || this.counts.refused > 0) {
      this.options.logger.warn('alerts.webhook.undelivered', { url: this.shownUrl, left: this.waiting, ...this.counts, next: 'events left are posted again by the next run (at least once); dropped and refused ones are in output/alerts/' });
    }
    return this.counts;
  }

  private async deliverLoop(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const head = (this.current ??= this.queue.shift());
      if (!head) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const outcome = await this.post(head.event);
      if (outcome === 'retry') {
        this.counts.retries++;
        if (this.attempt++ === 0) this.options.logger.warn('alerts.webhook.failing', { url: this.shownUrl, retrying: 'with backoff; the stream goes on' });
        await sleepUnlessAborted(retryDelay(retryPolicies.alertWebhook, this.attempt), [this.stop.signal]);
        continue;
      }
      if (this.attempt > 0) this.options.logger.info('alerts.webhook.recovered', { url: this.shownUrl, retries: this.attempt });
      this.attempt = 0;
      if (outcome === 'delivered') this.counts.delivered++;
      else this.counts.refused++;
      this.current = undefined;
      this.leave(head);
    }
  }

  get waiting(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /**
   * One POST on the kept-alive connection. Node's own http client, not fetch: fetch cost ~1 ms of the stream's
   * CPU per event and ~20 MB of RSS for loading undici, which a burst of alerts took out of records/s.
   */
  private post(event: AlertEventRow): Promise<'delivered' | 'refused' | 'retry'> {
    const body = JSON.stringify(event);
    const send = this.target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const request = send(this.target, {
        method: 'POST',
        agent: this.agent,
        signal: this.stop.signal,
        timeout: this.options.timeoutMs ?? 5_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': `${event.alert_id}:${event.event}` },
      }, (response) => {
        response.resume();
        response.once('error', () => resolve('retry'));
        response.once('end', () => resolve(this.outcomeOf(response.statusCode ?? 0, event)));
      });
      request.once('timeout', () => request.destroy());
      request.once('error', () => resolve('retry'));
      request.once('close', () => resolve('retry'));
      request.end(body);
    });
  }

  private outcomeOf(status: number, event: AlertEventRow): 'delivered' | 'refused' | 'retry' {
    if (status >= 200 && status < 300) return 'delivered';
    if (status >= 500 || status === 408 || status === 429) return 'retry';
    this.options.logger.error('alerts.webhook.refused', { url: this.shownUrl, status, alert: event.alert_id, alertEvent: event.event, why: 'a 4xx answer is not retried: check the URL and the receiver' });
    return 'refused';
  }

  private drop(item: Queued): void {
    this.counts.dropped++;
    if (this.droppedSinceLog++ === 0) {
      this.options.logger.warn('alerts.webhook.queue_full', { url: this.shownUrl, limit: this.options.queueLimit, dropping: 'the oldest events (they stay in output/alerts/)' });
    }
    this.leave(item);
  }

  private leave(item: Queued): void {
    this.counts.queued = this.waiting;
    const next = this.current ?? this.queue[0];
    if (!next || next.batchId !== item.batchId) this.options.onBatchDone?.(item.batchId);
  }
}
