import { Logger } from '../../log';
import { PartitionOffsets } from '../checkpoint';

/** Like Spark's StreamingQueryProgress, one per batch. */
export interface BatchProgress {
  batchId: number;
  timestamp: string;
  redo: boolean;
  numInputRows: number;
  rowsWritten: number;
  rowsQuarantined: number;
  /** Rows per second arriving since the previous batch started. */
  inputRowsPerSecond: number;
  /** Rows per second this batch processed. */
  processedRowsPerSecond: number;
  durationMs: { plan: number; readWrite: number; commit: number; total: number };
  startOffsets: PartitionOffsets;
  endOffsets: PartitionOffsets;
  latestOffsets: PartitionOffsets;
  /** Records left in each partition after this batch (latest at planning time - end). */
  lag: PartitionOffsets;
  files: string[];
  /** With event-time state: the watermark after the batch (UTC, null before the first event), as Spark's eventTime.watermark. */
  watermark?: string | null;
  /** Readings older than the watermark in force when the batch started: in the raw part file, in no window. */
  late?: number;
  lateBySensor?: Record<string, number>;
  /** --dedupe: readings quarantined as duplicate_reading. */
  duplicates?: number;
  /** Window rows the batch emitted. */
  windowsEmitted?: number;
  /** Alert raises and clears the batch wrote to output/alerts/. */
  alertEvents?: number;
}

/** Progress goes to checkpoint/progress.jsonl (one JSON line per batch, rotated by the checkpoint) and to the console. */
export class ProgressReporter {
  constructor(private readonly append: (line: string) => void, private readonly logger: Logger) {}

  report(progress: BatchProgress): void {
    this.append(JSON.stringify(progress) + '\n');
    this.logger.info('stream.batch', {
      batch: progress.batchId,
      rows: progress.rowsWritten,
      quarantined: progress.rowsQuarantined,
      inputPerSec: Math.round(progress.inputRowsPerSecond),
      processedPerSec: Math.round(progress.processedRowsPerSecond),
      ms: progress.durationMs,
      lag: progress.lag,
      ...(progress.late === undefined ? {} : { watermark: progress.watermark, late: progress.late, windows: progress.windowsEmitted }),
      ...(progress.alertEvents ? { alerts: progress.alertEvents } : {}),
      ...(progress.duplicates ? { duplicates: progress.duplicates } : {}),
      ...(progress.redo ? { redo: true } : {}),
    });
  }
}
