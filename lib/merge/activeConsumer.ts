import { join } from 'node:path';
import { StateError } from '../errors';
import { isAlive, readPid } from '../process';

/**
 * The consumer names itself in checkpoint/lock (its pid) while it runs. A
 * merge empties the checkpoint, so it must not run beside a live consumer of
 * another process (`iot consume` in another terminal); in a cycle the consumer
 * is this process and has stopped before the merge.
 */
export function refuseWhileConsuming(checkpointDir: string, outputDir: string): void {
  const owner = readPid(join(checkpointDir, 'lock'));
  if (owner === undefined || owner === process.pid || !isAlive(owner)) return;
  throw new StateError(`A consumer (pid ${owner}) is writing to ${outputDir}; merging now would clear the checkpoint under it.`, {
    code: 'CONSUMER_RUNNING',
    hint: `Stop it first (Ctrl-C in its terminal, or kill ${owner}), then run \`iot merge\` again. Nothing was merged or deleted.`,
  });
}
