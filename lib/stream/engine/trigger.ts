import { sleepUnlessAborted } from '../../process';

/**
 * Spark's ProcessingTime trigger: a batch starts every `intervalMs`; a batch
 * that overruns its interval is followed at once by the next. Waiting ends
 * early when any of `wakeups` is aborted (stop, drain) or at the deadline.
 */
export class ProcessingTimeTrigger {
  private lastStart: number | undefined;

  constructor(private readonly intervalMs: number) {}

  /** Resolves when the next batch is due (the first one at once). */
  async waitForNext(wakeups: (AbortSignal | undefined)[], deadline = Infinity): Promise<void> {
    const due = this.lastStart === undefined ? Date.now() : this.lastStart + this.intervalMs;
    const delay = Math.min(due, deadline) - Date.now();
    if (delay > 0) await sleepUnlessAborted(delay, wakeups);
    this.lastStart = Math.max(Date.now(), due);
  }

  /** A batch that runs now, outside the schedule (redo, drain). */
  markStarted(): void {
    this.lastStart = Date.now();
  }
}
