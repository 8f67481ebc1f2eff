/** Raised by `withinTimeout`; `what` and the bound are in the message. */
export class TimeoutError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not answer within ${ms / 1000} s`);
    this.name = 'TimeoutError';
  }
}

/**
 * Rejects with a TimeoutError after `ms`, so that no driver or client call
 * can hang longer than our bound; the work itself is not cancelled.
 */
export async function withinTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
