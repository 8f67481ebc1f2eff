import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext } from './figure';
import { measureChild, MeasuredRun } from './measuredChild';

const root = join(__dirname, '..', '..');
const timeoutMs = 10 * 60_000;

export interface ConsumeRun extends MeasuredRun {
  records: number;
  recordsPerS: number;
  /** CPU time of the process per record: what a busy machine moves least. */
  cpuUsPerRecord: number;
}

/**
 * `iot consume` started as a user starts it (`node scripts/iot.js consume`,
 * its own process, default options plus `flags` and `env`) over a pre-filled backlog of
 * `records`, in a fresh data folder and group: timed from spawn until its
 * checkpoint's progress log counts every record, then stopped with SIGTERM.
 */
export async function runConsume(context: BenchContext, topic: string, records: number, folder: string, flags: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ConsumeRun> {
  const dataDir = join(context.scratchDir, folder);
  mkdirSync(dataDir, { recursive: true });
  const args = ['scripts/iot.js', 'consume', '--duration', '0', '--topic', topic, '--group', `${topic}-${folder}`, ...flags];
  const run = await measureChild(process.execPath, args, {
    what: `iot consume ${flags.join(' ')} over ${records} readings of ${topic}`.replace('  ', ' '),
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: context.brokers.join(','), LOG_LEVEL: 'warn', ...env },
    finished: () => committedRecords(join(dataDir, 'checkpoint')) >= records,
    timeoutMs,
  });
  context.logger.info('bench.consume.run', { folder, flags, records, seconds: run.seconds, peakRssMb: run.peakRssMb, cpuSeconds: run.cpuSeconds });
  return { ...run, records, recordsPerS: records / run.seconds, cpuUsPerRecord: (run.cpuSeconds * 1e6) / records };
}

/** Records the consumer has committed: the sum of numInputRows over its progress log and the one it rotated (absent before the first batch). */
export function committedRecords(checkpointDir: string): number {
  return ['progress.jsonl.1', 'progress.jsonl'].reduce((sum, name) => sum + progressRows(join(checkpointDir, name)), 0);
}

function progressRows(file: string): number {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reduce((sum, line) => sum + (JSON.parse(line).numInputRows as number), 0);
  } catch {
    return 0;
  }
}
