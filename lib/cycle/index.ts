import { Config } from '../config';
import { resolveBrokers } from '../kafka';
import { Logger } from '../log';
import { acquireDataFolderLock } from '../lock';
import { describeDataFolder } from './dataFolderState';
import { describeLeftRunning, startCycleServices } from './cycleServices';
import { CycleResult, runCycle } from './runCycle';
import { sleepUnlessAborted } from '../process';

export type { CycleResult } from './runCycle';
export { summaryTable } from './summaryTable';
export { describeDataFolder } from './dataFolderState';
export { acquireDataFolderLock } from '../lock';

import type { EventTimeOptions } from '../stream/windows';
import type { AlertSettings } from '../stream/alerts';

export interface CycleOptions {
  config: Config;
  logger: Logger;
  durationSeconds: number;
  /** Cycles to run; Infinity = until Ctrl-C. */
  repeat: number;
  pauseSeconds: number;
  rate: number | 'max';
  sensors: number;
  invalidRatio: number;
  format: 'csv' | 'parquet';
  partitions?: number;
  group?: string;
  /** Consumer processes of one group (`iot cycle --consumers N`); default 1, the consumer inside the cycle. */
  consumers?: number;
  triggerSeconds?: number;
  /** Event-time windows, watermark and dedupe of the consumer (`iot consume --window/--slide/--watermark/--dedupe`); unset: none. */
  eventTime?: EventTimeOptions;
  /** The consumer's alert rules (`iot consume --alerts on`, thresholds ALERT_*); unset: none. */
  alerts?: AlertSettings;
  signal: AbortSignal;
  /** Called as each cycle finishes (the CLI prints its row or JSON line). */
  onCycle?: (result: CycleResult) => void;
}

export interface CyclesOutcome {
  results: CycleResult[];
  /** Why the run ended early, if it did: Ctrl-C, or a failed ETL job. */
  stoppedBy?: 'signal' | 'etl_failed';
  /** What the data folder holds at the end (always said when stopped early). */
  dataFolder: string;
  /** Services this run started and left running. */
  leftRunning?: string;
}

/**
 * `iot cycle`: takes the data folder's lock, starts the services the pipeline
 * needs, then runs cycles (pausing between them) until `repeat` are done,
 * Ctrl-C, or an ETL job fails. Ctrl-C never interrupts a merge or a load.
 */
export async function runCycles(options: CycleOptions): Promise<CyclesOutcome> {
  const { config, logger, signal } = options;
  const lock = await acquireDataFolderLock(config.paths.data, 'cycle');
  let phase: 'starting' | 'cycle' | 'pause' = 'starting';
  const onAbort = () => logger.warn('cycle.stopping', { hint: stoppingHint[phase] });
  signal.addEventListener('abort', onAbort, { once: true });
  const results: CycleResult[] = [];
  let stoppedBy: CyclesOutcome['stoppedBy'];
  try {
    const services = await startCycleServices(config, logger.child('services'));
    // Said up front so that the run still ends with the summary table.
    const leftRunning = describeLeftRunning(services);
    if (leftRunning) logger.info('cycle.services.started', { note: leftRunning });
    const settings = cycleSettings(options, resolveBrokers(config));
    for (let cycle = 1; cycle <= options.repeat && !signal.aborted; cycle++) {
      phase = 'pause';
      if (cycle > 1) await sleepUnlessAborted(options.pauseSeconds * 1000, signal);
      if (signal.aborted) break;
      phase = 'cycle';
      logger.info('cycle.start', { cycle, of: Number.isFinite(options.repeat) ? options.repeat : 'forever', durationSeconds: options.durationSeconds });
      const result = await runCycle(cycle, settings);
      results.push(result);
      options.onCycle?.(result);
      if (result.etlStatus === 'FAILED') { stoppedBy = 'etl_failed'; break; }
    }
    if (signal.aborted) stoppedBy = 'signal';
    return { results, stoppedBy, dataFolder: describeDataFolder(config), leftRunning };
  } finally {
    signal.removeEventListener('abort', onAbort);
    lock.release();
  }
}

const stoppingHint = {
  starting: 'Ctrl-C: stopping before the first cycle; nothing was produced.',
  pause: 'Ctrl-C: stopping between cycles; the data folder is clean.',
  cycle: 'Ctrl-C: stopping at a safe point: the producer stops, the consumer drains what was sent, then merge and ETL finish. ' +
    'Ctrl-C again stops at once (part files then stay in output/ for the next cycle or `iot merge`).',
};

function cycleSettings(options: CycleOptions, brokers: string[]) {
  return {
    config: options.config,
    brokers,
    logger: options.logger,
    durationSeconds: options.durationSeconds,
    rate: options.rate,
    sensors: options.sensors,
    invalidRatio: options.invalidRatio,
    format: options.format,
    partitions: options.partitions ?? 3,
    group: options.group ?? 'iot-consumer',
    triggerSeconds: options.triggerSeconds ?? 5,
    consumers: options.consumers ?? 1,
    eventTime: options.eventTime,
    alerts: options.alerts,
    signal: options.signal,
  };
}
