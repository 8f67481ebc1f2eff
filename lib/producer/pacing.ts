import { sleepUnlessAborted } from '../process';

export interface PaceOptions {
  /** Messages per second in total, or 'max' for as fast as the sender takes them. */
  rate: number | 'max';
  count?: number;
  durationSeconds?: number;
  signal?: AbortSignal;
  /** Checked before every step: stop early (e.g. the sender failed). */
  stopped?: () => boolean;
  /** Messages per step at most (every step at 'max'). */
  chunk?: number;
}

/**
 * Calls `emit(n)` until the count is reached, the duration is over, the
 * signal aborts or `stopped()` says so. At a fixed rate it emits what is due
 * since the start (so a slow step catches up instead of drifting); at 'max'
 * it emits chunks back to back, and `emit` applies backpressure.
 */
export async function pace(options: PaceOptions, emit: (n: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const endAt = options.durationSeconds === undefined ? Infinity : started + options.durationSeconds * 1000;
  const limit = options.count ?? Infinity;
  const tickMs = options.rate === 'max' ? 0 : Math.min(100, Math.max(5, 1000 / options.rate));
  let emitted = 0;
  while (emitted < limit && !options.signal?.aborted && !options.stopped?.()) {
    const now = Math.min(performance.now(), endAt);
    const chunk = options.chunk ?? 1000;
    const due = options.rate === 'max' ? emitted + chunk : Math.floor(((now - started) / 1000) * options.rate);
    // At most a chunk per step, so backpressure in `emit` holds even after a stall at a fixed rate.
    const n = Math.min(due, limit, emitted + chunk) - emitted;
    if (n > 0) {
      await emit(n);
      emitted += n;
    }
    if (now >= endAt) break;
    // Always give the event loop a turn (acknowledgements arrive as I/O callbacks); sleep only once caught up.
    if (tickMs === 0 || emitted < Math.min(due, limit)) await new Promise((resolve) => setImmediate(resolve));
    else await sleepUnlessAborted(Math.min(tickMs, endAt - performance.now()), [options.signal]);
  }
}
