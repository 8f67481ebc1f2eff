/**
 * The stages a cycle drives, typed by their agreed contracts and loaded on
 * first use. TEMPORARY: the producer, stream and ETL land on main from sibling
 * branches; once all three are there these become plain imports of
 * lib/producer, lib/stream and lib/etl and this file goes away.
 */
import { Config } from '../config';
import { Logger } from '../log';

export type MessageKind = 'valid' | 'unparseable' | 'missing_field' | 'wrong_type' | 'bad_timestamp' | 'out_of_range' | 'empty_value';

export interface ProducerOptions {
  brokers: string[];
  topic: string;
  sensors: number;
  rate: number | 'max';
  durationSeconds?: number;
  count?: number;
  seed?: number;
  invalidRatio: number;
  partitions: number;
  logger: Logger;
  signal?: AbortSignal;
}

export interface ProducerSummary {
  sent: number;
  acknowledged: number;
  failed: number;
  byKind: Record<MessageKind, number>;
  durationSeconds: number;
  messagesPerSecond: number;
}

export interface StreamOptions {
  config: Config;
  brokers: string[];
  topic: string;
  group: string;
  durationSeconds: number;
  triggerSeconds: number;
  maxPerBatch?: number;
  startingOffsets: 'earliest' | 'latest';
  format: 'csv' | 'parquet';
  logger: Logger;
  signal?: AbortSignal;
  drain?: AbortSignal;
}

export interface StreamSummary {
  batches: number;
  rowsWritten: number;
  rowsQuarantined: number;
  partFiles: number;
  durationSeconds: number;
}

export interface EtlOptions {
  config: Config;
  logger: Logger;
  file?: string;
  all?: boolean;
  onInvalid: 'fail' | 'quarantine';
  force?: boolean;
}

export interface EtlJobResult {
  jobName: string;
  status: 'SUCCESS' | 'FAILED' | 'SKIPPED';
  recordsProcessed: number;
  recordsRejected: number;
  sourceFile: string;
  durationSeconds: number;
  errorMessage?: string;
}

export function runProducer(options: ProducerOptions): Promise<ProducerSummary> {
  return (require('../producer') as { runProducer(options: ProducerOptions): Promise<ProducerSummary> }).runProducer(options);
}

export function runStream(options: StreamOptions): Promise<StreamSummary> {
  return (require('../stream') as { runStream(options: StreamOptions): Promise<StreamSummary> }).runStream(options);
}

export function runEtl(options: EtlOptions): Promise<EtlJobResult[]> {
  return (require('../etl') as { runEtl(options: EtlOptions): Promise<EtlJobResult[]> }).runEtl(options);
}
