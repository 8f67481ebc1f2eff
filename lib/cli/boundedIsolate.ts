import { join } from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';

/**
 * Runs a streaming command in a worker thread whose V8 young generation is
 * bounded (`resourceLimits`, fixed when the isolate is created, so no V8
 * flag is changed at run time). A stream allocates a decoded Kafka answer
 * while the previous one is still being visited, so most scavenges see
 * a high survival rate and V8 grows new space to its maximum (tens of MB
 * per semi-space on a machine with much memory): that alone was ~100 MB of
 * `iot consume`'s peak RSS over a 1,000,000-reading backlog. The worker
 * shares the process (its RSS is what `iot consume` costs); the main
 * thread only forwards SIGINT/SIGTERM so the command stops at a safe point.
 */
export function runInBoundedIsolate(argv: string[], youngGenerationMb: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'boundedIsolateEntry.js'), { workerData: argv, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
    let code: number | undefined;
    const stop = () => worker.postMessage('abort');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    worker.on('message', (message: number) => (code = message));
    worker.once('error', reject);
    worker.once('exit', (exitCode) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code ?? exitCode);
    });
  });
}

/** True where a command may start a bounded isolate: not inside one already. */
export const canIsolate = isMainThread;
