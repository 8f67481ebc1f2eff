import { join } from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import { PipelineError } from '../errors';

/** The V8 heap bounds of a streaming command's isolate, in MB. */
export interface IsolateLimits {
  youngGenerationMb: number;
  /** STREAM_HEAP_MB; unset: V8's default for the machine. */
  oldGenerationMb?: number;
}

/**
 * Runs a streaming command in a worker thread whose V8 heap is bounded
 * (`resourceLimits`, fixed when the isolate is created, so no V8 flag is
 * changed at run time).
 *
 * Young generation: a stream allocates a decoded Kafka answer while the
 * previous one is still being visited, so most scavenges see a high survival
 * rate and V8 grows new space to its maximum (tens of MB per semi-space on a
 * machine with much memory): that alone was ~100 MB of `iot consume`'s peak
 * RSS over a 1,000,000-reading backlog.
 *
 * Old generation: V8 lets a heap grow by up to 4× between full GCs when its
 * limit is the machine's default (gigabytes), and by less than 2× under a
 * limit of a few hundred MB; the stream's live heap is tens of MB, so the
 * bound costs no speed and ~10 MB of peak RSS less. Reaching it is an error
 * that names the setting, never a crash.
 *
 * The worker shares the process (its RSS is what `iot consume` costs); the
 * main thread only forwards SIGINT/SIGTERM so the command stops at a safe point.
 */
export function runInBoundedIsolate(argv: string[], limits: IsolateLimits): Promise<number> {
  return new Promise((resolve, reject) => {
    const resourceLimits = { maxYoungGenerationSizeMb: limits.youngGenerationMb, maxOldGenerationSizeMb: limits.oldGenerationMb };
    const worker = new Worker(join(__dirname, 'boundedIsolateEntry.js'), { workerData: argv, resourceLimits });
    let code: number | undefined;
    const stop = () => worker.postMessage('abort');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    worker.on('message', (message: number) => (code = message));
    worker.once('error', (error) => reject(heapExhausted(error, argv[0], limits) ?? error));
    worker.once('exit', (exitCode) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code ?? exitCode);
    });
  });
}

function heapExhausted(error: Error, command: string | undefined, limits: IsolateLimits): PipelineError | undefined {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') return undefined;
  const heap = limits.oldGenerationMb === undefined ? 'JavaScript heap' : `${limits.oldGenerationMb} MB JavaScript heap`;
  return new PipelineError(`\`iot ${command}\` needed more than its ${heap} (STREAM_HEAP_MB) and stopped.`, {
    code: 'STREAM_HEAP_EXHAUSTED',
    hint: 'Raise STREAM_HEAP_MB (e.g. STREAM_HEAP_MB=2048), or keep less in flight: --max-per-batch N, a shorter --window or --watermark. '
      + 'Nothing is lost: the checkpoint holds the last committed batch and a rerun resumes from it.',
    cause: error,
  });
}

/** True where a command may start a bounded isolate: not inside one already. */
export const canIsolate = isMainThread;
