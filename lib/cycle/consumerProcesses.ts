import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { EventTimeOptions, formatDuration } from '../stream/windows';
import { Config } from '../config';
import { PipelineError } from '../errors';
import { createConsumer, kafkaConnection, withAdmin } from '../kafka';
import { Logger } from '../log';
import { waitFor } from '../process';
import { fetchGroupOffsets, PartitionOffsets, StreamSummary } from '../stream';

/** The command line as users run it (scripts/iot.js at the repository root, beside dist/). */
const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

export interface ConsumerGroupRun {
  /** Waits until the group has committed everything up to the topic's end offsets as they are now, then stops every process. */
  drain(): Promise<StreamSummary>;
  /** Fires when a process exits on its own (an error): the cycle stops waiting on its clock. */
  failed: AbortSignal;
}

/**
 * `iot cycle --consumers N`: N `iot consume --instance cycle-<i>` processes
 * of one group on the cycle's data folder, so the partitions are read by N
 * processes (N cores) as they would be on N machines. Instance ids are fixed,
 * so a cycle started again after a crash resumes each one's checkpoint.
 */
export function startConsumerProcesses(options: {
  config: Config; brokers: string[]; count: number; group: string; triggerSeconds: number; format: 'csv' | 'parquet'; eventTime?: EventTimeOptions; alerts?: boolean; logger: Logger;
}): ConsumerGroupRun {
  const { config, logger } = options;
  const failed = new AbortController();
  const children = Array.from({ length: options.count }, (_, index) => startChild(options, `cycle-${index + 1}`, () => failed.abort()));
  return {
    failed: failed.signal,
    async drain() {
      const target = await topicEndOffsets(options);
      logger.info('cycle.consumers.draining', { target });
      // A process that failed ends the wait: its exit code and message are reported below.
      const drained = await waitFor(async () => failed.signal.aborted || (await groupReached(options, target)), { timeoutMs: 300_000, intervalMs: 250 });
      if (!drained) throw new PipelineError(`The ${options.count} consumers of group "${options.group}" did not commit the topic's end offsets within 300 s.`, { code: 'CYCLE_DRAIN_TIMEOUT', retriable: true });
      const summaries = await Promise.all(children.map((child) => child.stop()));
      return combined(summaries);
    },
  };
}

interface Child {
  stop(): Promise<{ code: number | null; stdout: string; stderr: string; id: string }>;
}

function startChild(options: { config: Config; group: string; triggerSeconds: number; format: 'csv' | 'parquet'; eventTime?: EventTimeOptions; alerts?: boolean }, id: string, onEarlyExit: () => void): Child {
  const { config } = options;
  const args = [iot, 'consume', '--duration', '0', '--trigger', String(options.triggerSeconds), '--format', options.format, '--topic', config.kafka.topic,
    '--group', options.group, '--instance', id, '--starting-offsets', 'earliest', ...eventTimeArgs(options.eventTime), '--alerts', options.alerts ? 'on' : 'off'];
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...process.env, DATA_DIR: config.paths.data }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); process.stderr.write(chunk); });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  exited.then(() => { if (!stopping) onEarlyExit(); });
  return {
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return { code: await exited, stdout, stderr, id };
    },
  };
}

async function topicEndOffsets(options: { config: Config; brokers: string[] }): Promise<PartitionOffsets> {
  const consumer = createConsumer({ ...kafkaConnection(options.config), brokers: options.brokers, clientId: 'iot-cycle-drain' }, 'iot-cycle-drain');
  try {
    const offsets = await consumer.listOffsets({ topics: [options.config.kafka.topic], timestamp: -1n });
    return Object.fromEntries((offsets.get(options.config.kafka.topic) ?? []).map((offset, partition) => [String(partition), Number(offset)]));
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}

async function groupReached(options: { config: Config; brokers: string[]; group: string }, target: PartitionOffsets): Promise<boolean> {
  const committed = await withAdmin({ ...kafkaConnection(options.config), brokers: options.brokers, clientId: 'iot-cycle-drain' }, (admin) =>
    fetchGroupOffsets(admin, options.group, options.config.kafka.topic)).catch(() => undefined);
  return Object.entries(target).every(([partition, end]) => end === 0 || (committed?.[partition] ?? 0) >= end);
}

/** One summary for the cycle from what each process printed (`consumed N records in B batches: R rows to P part files, Q quarantined; ...`). */
function combined(runs: { code: number | null; stdout: string; stderr: string; id: string }[]): StreamSummary {
  const summary: StreamSummary = { batches: 0, rowsWritten: 0, rowsQuarantined: 0, partFiles: 0, durationSeconds: 0, processingSeconds: 0, startedFrom: 'group', endOffsets: {} };
  for (const run of runs) {
    const match = /consumed \d+ records in (\d+) batches: (\d+) rows to (\d+) part files, (\d+) quarantined; ([\d.]+) s/.exec(run.stdout);
    if (run.code !== 0 || !match) {
      throw new PipelineError(`Consumer instance ${run.id} of the cycle exited with code ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`, {
        code: 'CYCLE_CONSUMER_FAILED', retriable: true,
        hint: 'Run the cycle again: each instance resumes its checkpoint in DATA_DIR/checkpoint/cycle-<n>/, nothing is lost or doubled.',
      });
    }
    summary.batches += Number(match[1]);
    summary.rowsWritten += Number(match[2]);
    summary.partFiles += Number(match[3]);
    summary.rowsQuarantined += Number(match[4]);
    summary.durationSeconds = Math.max(summary.durationSeconds, Number(match[5]));
  }
  return summary;
}

/** The consumer flags that give a child the cycle's windows, watermark and dedupe. */
function eventTimeArgs(eventTime: EventTimeOptions | undefined): string[] {
  if (eventTime === undefined) return ['--window', 'off'];
  const { window, watermarkDelayMs, dedupe } = eventTime;
  const windowArgs = window ? ['--window', formatDuration(window.sizeMs), ...(window.slideMs === window.sizeMs ? [] : ['--slide', formatDuration(window.slideMs)])] : ['--window', 'off'];
  return [...windowArgs, '--watermark', formatDuration(watermarkDelayMs), ...(dedupe ? ['--dedupe'] : [])];
}
