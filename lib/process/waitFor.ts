import { isPipelineError } from '../errors';
import { sleep } from './sleep';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Polls `check` until it returns true or the time is up. A throwing check
 * counts as "not yet", unless it throws a PipelineError that is not retriable
 * (a refused login, a bad setting): waiting cannot fix that, so it is rethrown at once.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, options: WaitOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 500;
  while (!options.signal?.aborted) {
    try {
      if (await check()) return true;
    } catch (error) {
      if (isPipelineError(error) && !error.retriable) throw error;
    }
    if (Date.now() + interval > deadline) return false;
    await sleep(interval);
  }
  return false;
}
