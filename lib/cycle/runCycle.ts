import { Config } from '../config';
import { PipelineError } from '../errors';
import { Logger } from '../log';
import { mergeParts, MergeSummary } from '../merge';
import { EtlJobResult, runEtl } from '../etl';
import { ProducerSummary, runProducer } from '../producer';
import { runStream, StreamSummary } from '../stream';
import { sleepUnlessAborted } from '../process';
import { OutputKind, outputKinds, readingsOutput } from '../schema';
import { startConsumerProcesses } from './consumerProcesses';
import type { EventTimeOptions } from '../stream/windows';
import type { AlertSettings } from '../stream/alerts';

export interface CycleSettings {
  config: Config;
  brokers: string[];
  logger: Logger;
  durationSeconds: number;
  rate: number | 'max';
  sensors: number;
  invalidRatio: number;
  format: 'csv' | 'parquet';
  partitions: number;
  group: string;
  triggerSeconds: number;
  /** Consumer processes of one group; 1 runs the lone consumer inside the cycle, as always. */
  consumers: number;
  /** The consumer's windows, watermark and dedupe; unset: none. */
  eventTime?: EventTimeOptions;
  /** The consumer's alert rules; unset: none. */
  alerts?: AlertSettings;
  /** Ctrl-C: end the run phase now; the cycle still drains, merges and loads (its safe point). */
  signal: AbortSignal;
}

export interface CycleResult {
  cycle: number;
  produced: number;
  consumed: number;
  quarantined: number;
  mergedRows: number;
  loadedRows: number;
  rejectedRows: number;
  /** Window rows and alert events the merge archived beside the readings, and what the ETL loaded of them. */
  windowRows: { merged: number; loaded: number };
  /** The consumer's event-time watermark after the drain (windows ending at or before it are emitted); undefined with windows off. */
  watermark?: string | null;
  alertEvents: { merged: number; loaded: number };
  etlStatus: 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'no data';
  backupPath?: string;
  /** Messages by kind the producer had acknowledged (valid and each invalid kind). */
  producedByKind: Record<string, number>;
  etlError?: string;
  seconds: { run: number; drain: number; merge: number; etl: number; total: number };
}

/**
 * One cycle: producer and consumer side by side for the duration; then the
 * producer stops first and the consumer drains everything produced before
 * stopping, so produced = merged + quarantined; then merge → archive → clean
 * up → ETL of the new backup.
 */
export async function runCycle(cycle: number, settings: CycleSettings): Promise<CycleResult> {
  const clock = stageClock();
  const { produced, consumed } = await produceAndConsume(settings, clock);
  const merged = await clock.time('merge', () => mergeParts({ config: settings.config, logger: settings.logger.child('merge'), format: settings.format }));
  const etl = merged.backupPath ? await clock.time('etl', () => loadBackup(merged.backupPath!, settings)) : undefined;
  return result(cycle, produced, consumed, merged, etl, clock.seconds());
}

async function produceAndConsume(settings: CycleSettings, clock: StageClock): Promise<{ produced: ProducerSummary; consumed: StreamSummary }> {
  const stopProducer = new AbortController();
  const drain = new AbortController();
  const { config, brokers, logger } = settings;
  const topic = config.kafka.topic;
  const stream = settings.consumers > 1 ? consumerGroup(settings, drain.signal) : settle(runStream({
    config, brokers, topic, group: settings.group, durationSeconds: 0, triggerSeconds: settings.triggerSeconds,
    startingOffsets: 'earliest', format: settings.format, eventTime: settings.eventTime, alerts: settings.alerts, logger: logger.child('consume'), drain: drain.signal,
  }));
  const producer = settle(runProducer({
    brokers, security: config.kafka.security, topic, sensors: settings.sensors, rate: settings.rate, invalidRatio: settings.invalidRatio,
    partitions: settings.partitions, logger: logger.child('produce'), signal: stopProducer.signal,
  }));
  const runEnd = AbortSignal.any([settings.signal, producer.failed, stream.failed]);
  await clock.time('run', () => sleepUnlessAborted(settings.durationSeconds * 1000, runEnd));
  stopProducer.abort();
  const produced = await producer.promise.catch(async (error) => { drain.abort(); await stream.promise.catch(() => undefined); throw error; });
  drain.abort();
  const consumed = await clock.time('drain', () => stream.promise);
  return { produced, consumed };
}

/** `--consumers N`: N processes of one group, drained together once the drain signal fires. */
function consumerGroup(settings: CycleSettings, drain: AbortSignal): { promise: Promise<StreamSummary>; failed: AbortSignal } {
  const { config, brokers, logger, format, triggerSeconds, group, eventTime, alerts } = settings;
  const run = startConsumerProcesses({ config, brokers, count: settings.consumers, group, triggerSeconds, format, eventTime, alerts: alerts !== undefined, logger: logger.child('consume') });
  const promise = new Promise<void>((resolve) => (drain.aborted ? resolve() : drain.addEventListener('abort', () => resolve(), { once: true }))).then(() => run.drain());
  return { promise, failed: run.failed };
}

/** A stage's promise plus a signal that fires if it fails early, so the cycle stops waiting on the clock. */
function settle<T>(promise: Promise<T>): { promise: Promise<T>; failed: AbortSignal } {
  const failed = new AbortController();
  promise.catch(() => failed.abort());
  return { promise, failed: failed.signal };
}

/** The ETL of one merge: its readings' job first, then one job per other output it archived. */
async function loadBackup(backupPath: string, settings: CycleSettings): Promise<EtlJobResult[]> {
  const jobs = await runEtl({ config: settings.config, logger: settings.logger.child('etl'), file: backupPath, onInvalid: 'quarantine' });
  if (jobs[0]?.jobName !== readingsOutput.jobName) throw new PipelineError(`The ETL ran ${jobs.length} jobs for ${backupPath}, none for its readings.`, { code: 'CYCLE_ETL_UNEXPECTED' });
  return jobs;
}

function result(cycle: number, produced: ProducerSummary, consumed: StreamSummary, merged: MergeSummary, jobs: EtlJobResult[] | undefined, seconds: CycleResult['seconds']): CycleResult {
  const etl = jobs?.[0];
  // The cycle's ETL status is its worst job's: a failed window or alert load fails the cycle as a failed readings load does.
  const failed = jobs?.find((job) => job.status === 'FAILED');
  const output = (name: OutputKind['name']) => {
    const kind = outputKinds.find((candidate) => candidate.name === name)!;
    return { merged: merged.outputs.find((archive) => archive.output === name)?.rows ?? 0, loaded: jobs?.find((job) => job.jobName === kind.jobName)?.recordsProcessed ?? 0 };
  };
  return {
    cycle,
    produced: produced.acknowledged,
    consumed: consumed.rowsWritten + consumed.rowsQuarantined,
    quarantined: consumed.rowsQuarantined,
    mergedRows: merged.rows,
    loadedRows: etl?.recordsProcessed ?? 0,
    rejectedRows: etl?.recordsRejected ?? 0,
    windowRows: output('windows'),
    watermark: consumed.watermark,
    alertEvents: output('alerts'),
    etlStatus: failed?.status ?? etl?.status ?? 'no data',
    backupPath: merged.backupPath,
    producedByKind: produced.byKind,
    etlError: (failed ?? etl)?.errorMessage,
    seconds,
  };
}

type Stage = 'run' | 'drain' | 'merge' | 'etl';
interface StageClock {
  time<T>(stage: Stage, work: () => Promise<T>): Promise<T>;
  seconds(): CycleResult['seconds'];
}

function stageClock(): StageClock {
  const started = performance.now();
  const spent: Record<Stage, number> = { run: 0, drain: 0, merge: 0, etl: 0 };
  return {
    async time(stage, work) {
      const begin = performance.now();
      try {
        return await work();
      } finally {
        spent[stage] += (performance.now() - begin) / 1000;
      }
    },
    seconds: () => ({ ...spent, total: (performance.now() - started) / 1000 }),
  };
}
