/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Waits `ms`, or less if any of `signals` aborts first; never throws. */
export function sleepUnlessAborted(ms: number, signals: AbortSignal | ReadonlyArray<AbortSignal | undefined>): Promise<void> {
  const active = (Array.isArray(signals) ? signals : [signals]).filter((signal): signal is AbortSignal => signal !== undefined);
  if (active.some((signal) => signal.aborted)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const signal of active) signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    for (const signal of active) signal.addEventListener('abort', done, { once: true });
  });
}
