/** Spec support for consumer groups sharing one data folder: instances as child processes, and what they committed. */
import { ChildProcess } from 'node:child_process';
import { Config } from '../../../lib/config';
import { readManifest } from '../../../lib/merge';
import { withAdmin } from '../../../lib/kafka';
import { fetchGroupOffsets } from '../../../lib/stream/source';
import { PartitionOffsets } from '../../../lib/stream/checkpoint';
import { readingsOutput } from '../../../lib/schema';
import { testBrokers } from '..';
import { spawnIot } from '../iotProcess';

export interface Instance {
  id: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** Small batches by default, so rebalances land mid-stream; the bench passes its own broker and batch options. */
export interface InstanceOptions {
  brokers?: string[];
  batchArgs?: string[];
}

/** `iot consume --group G --instance ID` until stopped. */
export function startInstance(dataDir: string, topic: string, group: string, id: string, options: InstanceOptions = {}): Instance {
  const batchArgs = options.batchArgs ?? ['--trigger', '0.3', '--max-per-batch', '4000'];
  const args = ['consume', '--duration', '0', ...batchArgs, '--topic', topic, '--group', group, '--instance', id];
  const brokers = options.brokers ?? testBrokers();
  const run = spawnIot(args, { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: brokers.join(','), IOT_ENV_FILE: '/nonexistent/.env', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
  return { id, child: run.child, exited: run.done.then((exit) => exit.code), stderr: run.stderr };
}

export async function killNine(instance: Instance): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGKILL');
  await instance.exited;
}

/** Ctrl-C: the instance finishes its batch, commits, leaves the group; exit code. */
export async function stopInstance(instance: Instance): Promise<number | null> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGINT');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 60_000);
  const code = await instance.exited;
  clearTimeout(timer);
  return code;
}

/** Rows in part files that some instance's committed batch names. */
export function committedRows(config: Config): number {
  const committed = readManifest(config.paths.checkpoint, config.paths.data, config.paths.output).committed;
  // Readings only: window and alert part files are committed beside them, with rows of their own.
  return committed.filter((part) => part.output === readingsOutput.name).reduce((sum, part) => sum + part.rows, 0);
}

/** Sum over partitions of the group's committed offsets. */
export async function groupCommittedTotal(group: string, topic: string, brokers = testBrokers()): Promise<number> {
  return Object.values(await groupCommitted(group, topic, brokers)).reduce((sum, offset) => sum + offset, 0);
}

/** The group's committed offset per partition; none yet is an empty map. */
export async function groupCommitted(group: string, topic: string, brokers = testBrokers()): Promise<PartitionOffsets> {
  return (await withAdmin({ brokers, clientId: 'iot-group-spec' }, (admin) => fetchGroupOffsets(admin, group, topic))) ?? {};
}

/** Lines of an instance's JSON log whose message is `msg`. */
export function logEvents(instance: Instance, msg: string): Record<string, unknown>[] {
  return instance.stderr().split('\n').filter((line) => line.includes(`"${msg}"`)).map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return {};
    }
  });
}
