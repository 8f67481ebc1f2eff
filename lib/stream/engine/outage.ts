import { isPipelineError, ServiceError } from '../../errors';
import { describeKafkaError, isNeverRetried } from '../../kafka';
import { Logger } from '../../log';
import { retryDelay, retryPolicies, sleepUnlessAborted } from '../../process';

export interface OutageOptions {
  /** How long Kafka may stay unusable before the stream gives up (--max-outage). */
  maxOutageSeconds: number;
  brokers: string[];
  logger: Logger;
  /** Stop requests: a wait between retries ends early, and the run gives up at once. */
  signals: (AbortSignal | undefined)[];
  /** For specs: the delay's random part. */
  random?: () => number;
}

/** Broker-side states that heal by themselves: a leader or coordinator moving, a node restarting. */
const transientBrokerErrors = new Set([
  'LEADER_NOT_AVAILABLE', 'NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH',
  'COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'COORDINATOR_LOAD_IN_PROGRESS', 'REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION',
  'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'OFFSET_NOT_AVAILABLE', 'KAFKA_STORAGE_ERROR', 'REBALANCE_IN_PROGRESS',
]);
const transientSocketErrors = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

/**
 * Whether waiting may cure `error`. Our own errors say so themselves
 * (PipelineError.retriable); a refused login or TLS certificate, and a
 * programmer error (TypeError, RangeError…), never, however deep the client nests them;
 * else the Kafka client's verdict (`canRetry`, `retriable`) or a broker /
 * socket error that heals, found on the error, its causes or its parts.
 */
export function isTransient(error: unknown, depth = 0): boolean {
  if (depth > 6 || !(error instanceof Error)) return false;
  if (isPipelineError(error)) return error.retriable;
  if (depth === 0 && isNeverRetried(error)) return false;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError) return false;
  const own = error as Error & { canRetry?: unknown; retriable?: unknown; code?: unknown; apiId?: unknown; type?: unknown };
  if (own.canRetry === true || own.retriable === true) return true;
  if ([own.code, own.apiId, own.type].some((code) => typeof code === 'string' && (transientBrokerErrors.has(code) || transientSocketErrors.has(code)))) return true;
  const parts = [...(error instanceof AggregateError ? error.errors : []), ...(error.cause !== undefined ? [error.cause] : [])];
  return parts.some((part) => isTransient(part, depth + 1));
}

/**
 * Rides out Kafka outages: a transient failure of a guarded step is retried
 * with backoff until the step succeeds or the outage (measured from its first
 * failure, across steps) outlasts --max-outage. Each outage is logged once
 * when it starts and once when it ends, not per retry.
 */
export class OutageGuard {
  private outageStarted: number | undefined;
  private lastError: unknown;
  private attempts = 0;

  constructor(private readonly options: OutageOptions) {}

  /**
   * Runs `step` (told whether it is a retry) until it succeeds. A step that
   * only proves some broker answers (offsets, metadata) passes
   * `endsOutage: false`: the outage ends when real work succeeds again.
   */
  async run<T>(what: string, step: (retry: boolean) => Promise<T>, endsOutage = true): Promise<T> {
    let retry = false;
    for (;;) {
      const attemptStarted = Date.now();
      try {
        const result = await step(retry);
        if (endsOutage) this.ended(what);
        return result;
      } catch (error) {
        if (!isTransient(error)) throw error;
        await this.failed(what, error, attemptStarted);
        retry = true;
      }
    }
  }

  /** The outage starts when the first failing attempt started: the client's own retries inside it count too. */
  private async failed(what: string, error: unknown, attemptStarted: number): Promise<void> {
    const now = Date.now();
    this.lastError = error;
    this.attempts++;
    if (this.outageStarted === undefined) {
      this.outageStarted = attemptStarted;
      this.options.logger.warn('stream.kafka_outage', { during: what, error: describe(error), retryingUpToSeconds: this.options.maxOutageSeconds });
    }
    const elapsedMs = now - this.outageStarted;
    const stopped = this.options.signals.some((signal) => signal?.aborted);
    if (stopped || elapsedMs >= this.options.maxOutageSeconds * 1000) throw this.gaveUp(what, elapsedMs, stopped);
    const remainingMs = this.options.maxOutageSeconds * 1000 - elapsedMs;
    await sleepUnlessAborted(Math.min(remainingMs, retryDelay(retryPolicies.outage, this.attempts, this.options.random)), this.options.signals);
  }

  private ended(what: string): void {
    if (this.outageStarted === undefined) return;
    const seconds = Math.round((Date.now() - this.outageStarted) / 100) / 10;
    this.options.logger.info('stream.kafka_outage_over', { during: what, seconds, retries: this.attempts });
    this.outageStarted = undefined;
    this.attempts = 0;
  }

  private gaveUp(what: string, elapsedMs: number, stopped: boolean): ServiceError {
    const seconds = Math.round(elapsedMs / 1000);
    const why = stopped ? `stopped during a Kafka outage of ${seconds} s` : `Kafka at ${this.options.brokers.join(',')} stayed unusable for ${seconds} s (--max-outage ${this.options.maxOutageSeconds})`;
    return new ServiceError(`The stream ${why} while ${what}: ${describe(this.lastError)}.`, {
      code: 'KAFKA_OUTAGE',
      retriable: false,
      cause: this.lastError,
      hint: 'Rerunning `iot consume` resumes exactly where this run stopped (the checkpoint holds the open batch; nothing is lost or doubled). '
        + 'Check the brokers with `npx iot services status kafka`; a larger --max-outage waits longer.',
    });
  }
}

/** Our own errors by their message; a client's error by its innermost reasons (e.g. "connect ECONNREFUSED 127.0.0.1:9092"). */
function describe(error: unknown): string {
  return isPipelineError(error) ? error.message : describeKafkaError(error);
}
