import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Logger } from '../../log';
import { SensorReading } from '../../schema';
import { Checkpoint, OffsetsEntry, SinkFile, writeFileAtomic } from '../checkpoint';
import { partFileName } from '../sink/partName';
import { AlertEventRow } from './alertEvent';
import { readAlertFile, writeAlertFile } from './alertFile';
import { AlertOperator } from './alertOperator';
import { AlertStateStore } from './alertStateStore';
import { AlertWebhook } from './alertWebhook';
import { AlertSettings } from './settings';

export interface AlertStageOptions {
  checkpoint: Checkpoint;
  /** DATA_DIR (sink log paths are relative to it) and DATA_DIR/output/alerts. */
  paths: { data: string; alerts: string };
  settings: AlertSettings;
  watermarkDelayMs: number;
  webhook?: { url: string; queueLimit: number };
  logger: Logger;
}

/** Seconds a stopping stream gives the webhook to post what is queued; the rest is posted by the next run. */
const webhookGraceMs = 5_000;

/**
 * The alert rules inside a micro-batch: the operator sees each valid
 * reading, the batch's events become its alert part file (named like its
 * readings' part, kind 'alert' in the sink log), the operator's state is
 * saved under the batch's id before the commit marker, and only once the
 * batch is committed are its events handed to the webhook.
 */
export class AlertStage {
  private readonly store: AlertStateStore;
  private readonly webhook: AlertWebhook | undefined;
  private readonly deliveredFile: string;
  private operator: AlertOperator | undefined;
  private events: AlertEventRow[] = [];

  constructor(private readonly options: AlertStageOptions) {
    const { checkpoint, logger } = options;
    this.store = new AlertStateStore(checkpoint.dir, checkpoint.resetHint);
    this.deliveredFile = join(checkpoint.dir, 'state', 'webhook-delivered.json');
    mkdirSync(options.paths.alerts, { recursive: true });
    if (options.webhook) {
      this.webhook = new AlertWebhook({ ...options.webhook, logger: logger.child('alerts'), onBatchDone: (batchId) => this.markDelivered(batchId) });
    }
  }

  /** A batch starts from the state after the batch before: kept in memory, read back from the store after a restart or a failed attempt. */
  begin(entry: OffsetsEntry, redo: boolean): void {
    if (redo || !this.operator) this.operator = new AlertOperator(this.options.settings, this.options.watermarkDelayMs, this.store.baseFor(entry.batchId));
    this.operator.late = 0;
  }

  observe(reading: SensorReading): void {
    this.operator!.observe(reading);
  }

  /** Ends the batch for the rules: its events to a part file, its state saved as the batch's version. */
  finish(entry: OffsetsEntry): SinkFile | undefined {
    const operator = this.operator!;
    this.events = operator.endBatch();
    this.store.save(entry.batchId, operator.saved());
    if (this.events.length === 0) return undefined;
    const written = writeAlertFile(join(this.options.paths.alerts, partFileName(entry, entry.format)), this.events, entry.format);
    return { path: relative(this.options.paths.data, written.path), kind: 'alert', rows: written.rows, bytes: written.bytes };
  }

  /** After the commit marker: the events are final, the webhook may send them. */
  committed(entry: OffsetsEntry): { events: number; late: number; watermark: number | null } {
    this.store.committed(entry.batchId);
    this.webhook?.enqueue(entry.batchId, this.events);
    const summary = { events: this.events.length, late: this.operator?.late ?? 0, watermark: this.operator?.currentWatermark ?? null };
    this.events = [];
    return summary;
  }

  /** A failed attempt: its in-memory state is not the batch before's any more. */
  abandon(): void {
    this.operator = undefined;
    this.events = [];
  }

  /**
   * On start: events of committed batches the webhook had not finished
   * (a kill, a receiver down at the last stop) are queued again, from their
   * part files. A first run with a webhook starts from now.
   */
  resendUndelivered(): void {
    if (!this.webhook) return;
    const { checkpoint, paths } = this.options;
    const lastCommitted = checkpoint.commits.latest()?.batchId ?? -1;
    const delivered = this.deliveredUpTo();
    if (delivered === undefined) return this.markDelivered(lastCommitted);
    for (const batchId of checkpoint.sinks.batchIds().filter((id) => id > delivered && id <= lastCommitted)) {
      for (const file of checkpoint.sinks.get(batchId)!.files.filter((candidate) => candidate.kind === 'alert')) {
        const path = join(paths.data, file.path);
        if (existsSync(path)) this.webhook.enqueue(batchId, readAlertFile(path));
      }
    }
  }

  async close(): Promise<void> {
    await this.webhook?.close(webhookGraceMs);
  }

  private deliveredUpTo(): number | undefined {
    if (!existsSync(this.deliveredFile)) return undefined;
    const marker = JSON.parse(readFileSync(this.deliveredFile, 'utf8')) as { checkpointId: string; batchId: number };
    // A marker of an earlier checkpoint (before a cycle's clean-up) says nothing about this one's batches.
    return marker.checkpointId === this.options.checkpoint.metadata.id ? marker.batchId : -1;
  }

  private markDelivered(batchId: number): void {
    writeFileAtomic(this.deliveredFile, JSON.stringify({ checkpointId: this.options.checkpoint.metadata.id, batchId }) + '\n');
  }
}
