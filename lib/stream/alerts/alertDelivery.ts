import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger } from '../../log';
import { Checkpoint, writeFileAtomic } from '../checkpoint';
import { OutputRow } from '../state';
import { AlertEventRow } from './alertEvent';
import { readAlertFile } from './alertFile';
import { AlertWebhook } from './alertWebhook';

export interface AlertDeliveryOptions {
  url: string;
  queueLimit: number;
  checkpoint: Checkpoint;
  /** DATA_DIR: sink log paths are relative to it. */
  dataDir: string;
  logger: Logger;
}

/** How long a stopping stream gives the webhook to post what is queued; the rest is posted by the next run. */
const webhookGraceMs = 5_000;

/**
 * The webhook's side of the stream: the events of each committed batch
 * (never of an attempt that may be redone) go to the webhook's queue, and a
 * marker in the checkpoint's state/ folder records up to which batch the
 * webhook finished. On start, committed batches past the marker (a kill -9,
 * a receiver down when the last run stopped) are read back from their alert
 * part files and queued again: at least once, keyed by alert_id and event.
 */
export class AlertDelivery {
  private readonly webhook: AlertWebhook;
  private readonly markerFile: string;

  constructor(private readonly options: AlertDeliveryOptions) {
    this.markerFile = join(options.checkpoint.dir, 'state', 'webhook-delivered.json');
    this.webhook = new AlertWebhook({
      url: options.url, queueLimit: options.queueLimit, logger: options.logger.child('alerts'),
      onBatchDone: (batchId) => this.markDelivered(batchId),
    });
  }

  /** After a batch's commit marker: its alert rows are final. */
  committed(batchId: number, rows: readonly OutputRow[]): void {
    this.webhook.enqueue(batchId, rows as unknown as AlertEventRow[]);
  }

  /** Queues again what earlier runs committed but the webhook did not finish; a first run with a webhook starts from now. */
  resendUndelivered(): void {
    const { checkpoint, dataDir } = this.options;
    const lastCommitted = checkpoint.commits.latest()?.batchId ?? -1;
    const delivered = this.deliveredUpTo();
    if (delivered === undefined) return this.markDelivered(lastCommitted);
    for (const batchId of checkpoint.sinks.batchIds().filter((id) => id > delivered && id <= lastCommitted)) {
      for (const file of checkpoint.sinks.get(batchId)!.files.filter((candidate) => candidate.kind === 'alert')) {
        const path = join(dataDir, file.path);
        if (existsSync(path)) this.webhook.enqueue(batchId, readAlertFile(path));
      }
    }
  }

  async close(): Promise<void> {
    await this.webhook.close(webhookGraceMs);
  }

  private deliveredUpTo(): number | undefined {
    if (!existsSync(this.markerFile)) return undefined;
    const marker = JSON.parse(readFileSync(this.markerFile, 'utf8')) as { checkpointId: string; batchId: number };
    // A marker of an earlier checkpoint (before a cycle's clean-up) says nothing about this one's batches: all of them are new.
    return marker.checkpointId === this.options.checkpoint.metadata.id ? marker.batchId : -1;
  }

  private markDelivered(batchId: number): void {
    mkdirSync(dirname(this.markerFile), { recursive: true });
    writeFileAtomic(this.markerFile, JSON.stringify({ checkpointId: this.options.checkpoint.metadata.id, batchId }) + '\n');
  }
}
