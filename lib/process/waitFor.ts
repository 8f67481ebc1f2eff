import { sleep } from './sleep';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Polls `check` until it returns true or the time is up; a throwing check counts as "not yet". */
export async function waitFor(check: () => Promise<boolean>, options: WaitOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 500;
  while (!options.signal?.aborted) {
    try {
      if (await check()) return true;
    } catch { /* not ready yet */ }
    if (Date.now() + interval > deadline) return false;
    await sleep(interval);
  }
  return false;
}
