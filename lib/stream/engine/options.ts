import { Config } from '../../config';
import { Logger } from '../../log';
import { FetchTuning } from '../source';
import { EventTimeOptions } from '../windows';
import type { AlertSettings } from '../alerts';

export interface StreamOptions {
  config: Config;
  brokers: string[];
  topic: string;
  /** Consumer group the committed offsets are kept under (read when the checkpoint is gone). */
  group: string;
  /** Stop after this long; 0 = until stopped. */
  durationSeconds: number;
  triggerSeconds: number;
  /** Like Spark's maxOffsetsPerTrigger. */
  maxPerBatch?: number;
  /** Where a first run starts, when neither a checkpoint nor group offsets exist. */
  startingOffsets: 'earliest' | 'latest';
  format: 'csv' | 'parquet';
  logger: Logger;
  /** Stop at the next safe point: finish the current batch, commit. */
  signal?: AbortSignal;
  /** When aborted: note the topic's end offsets now, keep running batches until everything up to them is committed, then stop. */
  drain?: AbortSignal;
  /** How long to wait for a merge or cycle that holds the data folder before exiting 2 (DATA_FOLDER_LOCKED); default 60. */
  lockWaitSeconds?: number;
  /** How long Kafka may stay unusable (refused connections, leaders or coordinators moving) before the run exits; default 300. */
  maxOutageSeconds?: number;
  /**
   * Run as this instance of a consumer group sharing the data folder: join
   * `group`, read only the partitions it assigns, keep the checkpoint in
   * DATA_DIR/checkpoint/<instance>/. Unset: the lone consumer, no membership.
   */
  instance?: string;
  /** Event-time windows, watermark delay and --dedupe; unset: none of them (the CLI's defaults are 1m windows, 30s delay). */
  eventTime?: EventTimeOptions;
  /** The alert rules with these thresholds (the CLI: config.alerts, --alerts on); events to output/alerts/ and config.alerts.webhookUrl. Unset: none. */
  alerts?: AlertSettings;
  /** Kafka fetch settings, for benchmarks. */
  fetchTuning?: Partial<FetchTuning>;
}

export interface StreamSummary {
  batches: number;
  rowsWritten: number;
  rowsQuarantined: number;
  partFiles: number;
  durationSeconds: number;
  /** Time spent inside batches (plan, read, parse, write, commit), for rates. */
  processingSeconds: number;
  /** Where this run started: checkpoint, group offsets, or --starting-offsets. */
  startedFrom: 'checkpoint' | 'group' | 'earliest' | 'latest' | 'none';
  /** Readings older than the watermark (raw part files only) and window rows emitted. */
  late?: number;
  windows?: number;
  /** Alert events written (raises and clears), when the alert rules ran. */
  alerts?: number;
  /** The watermark when the run ended (UTC), null without event-time state or events. */
  watermark?: string | null;
  /** The offsets committed when the run ended (next offset to read per partition). */
  endOffsets: Record<string, number>;
}
