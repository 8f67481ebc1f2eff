import { sleepUnlessAborted } from './sleep';

/**
 * How the pipeline waits between tries, everywhere: an exponential delay
 * from `initialMs`, times `factor` per attempt, never above `capMs`, of which
 * the fraction `jitter` is random so that a group of consumers (or lock
 * waiters) does not retry in step. One shape, tuned per use below.
 */
export interface RetryPolicy {
  initialMs: number;
  factor: number;
  capMs: number;
  /** 0: the delay is exact; 0.5: between half the delay and the whole. */
  jitter: number;
}

/** The tunings in use, side by side so that they can be compared. */
export const retryPolicies = {
  /** A Kafka request inside the client (lost connection, leader moving): short, the caller's own retry follows. */
  kafkaRequest: { initialMs: 300, factor: 2, capMs: 5_000, jitter: 0.2 },
  /** A produce batch: the idempotent producer retries with the same sequence numbers until delivery.timeout. */
  delivery: { initialMs: 300, factor: 2, capMs: 3_000, jitter: 0.2 },
  /** The stream riding out an outage, bounded by --max-outage. */
  outage: { initialMs: 1_000, factor: 2, capMs: 10_000, jitter: 0.5 },
  /** A fetch round that failed (a leader moved): fetch again on fresh metadata. */
  fetch: { initialMs: 100, factor: 2, capMs: 2_000, jitter: 0.5 },
  /** Polling a service that is starting: soon ready, so the wait stays short. */
  readinessProbe: { initialMs: 250, factor: 1.5, capMs: 1_000, jitter: 0.2 },
  /** Rejoining a consumer group after losing membership. */
  groupRejoin: { initialMs: 1_000, factor: 2, capMs: 15_000, jitter: 0.5 },
  /** SQLite's SQLITE_BUSY while two processes switch a new database to WAL: a moment's wait. */
  sqliteBusy: { initialMs: 20, factor: 2, capMs: 200, jitter: 0.5 },
  /** The live dashboard's reading feed starting a new member after a loss: steady, so the page recovers within seconds. */
  dashboardFeed: { initialMs: 2_000, factor: 1, capMs: 2_000, jitter: 0.25 },
  /** The alert webhook's receiver down or failing: retried while the stream goes on, bounded by its queue. */
  alertWebhook: { initialMs: 500, factor: 2, capMs: 10_000, jitter: 0.5 },
  /** Waiting for another holder of the data folder lock to finish. */
  dataFolderLock: { initialMs: 200, factor: 1.5, capMs: 2_000, jitter: 0.5 },
} as const satisfies Record<string, RetryPolicy>;

/** The wait before retry number `attempt` (1 = the first retry). */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 60));
  const ceiling = Math.min(policy.capMs, policy.initialMs * policy.factor ** exponent);
  return Math.round(ceiling * (1 - policy.jitter + policy.jitter * random()));
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Whether waiting may cure this failure; a failure it cannot cure is thrown at once. */
  retriable: (error: unknown) => boolean;
  /** Give up once this long has passed since the first failure (--max-outage); unset: no bound in time. */
  maxElapsedMs?: number;
  /** Give up after this many retries; unset: no bound in number. */
  maxRetries?: number;
  /** A stop request ends a wait early and throws the last failure. */
  signal?: AbortSignal;
  /** Told before each wait (e.g. to log the first failure of an outage). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  random?: () => number;
}

/**
 * Runs `step` until it succeeds; a retriable failure is tried again after
 * the policy's delay while the bounds allow, the last failure is thrown
 * when they do not. `step` is told its attempt number (0 = first try).
 */
export async function retry<T>(step: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  let firstFailure: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      const now = Date.now();
      firstFailure ??= now;
      const delay = nextDelay(options, attempt + 1, now - firstFailure, error);
      if (delay === undefined) throw error;
      options.onRetry?.(error, attempt + 1, delay);
      await sleepUnlessAborted(delay, options.signal ? [options.signal] : []);
      if (options.signal?.aborted) throw error;
    }
  }
}

/** The wait before retry `attempt`, shortened to what --max-outage leaves; undefined when the failure is to be thrown. */
function nextDelay(options: RetryOptions, attempt: number, elapsedMs: number, error: unknown): number | undefined {
  if (options.signal?.aborted || !options.retriable(error)) return undefined;
  if (options.maxRetries !== undefined && attempt > options.maxRetries) return undefined;
  const delay = retryDelay(options.policy, attempt, options.random);
  if (options.maxElapsedMs === undefined) return delay;
  const remaining = options.maxElapsedMs - elapsedMs;
  return remaining <= 0 ? undefined : Math.min(delay, remaining);
}
