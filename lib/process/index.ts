/** Process helpers, in one place: pid files, liveness, background services, sleeps, polls and timeouts. */
export { readPid, writePid } from './pidFile';
export { isAlive } from './liveness';
export { startBackgroundProcess, stopBackgroundProcess, tailFile } from './backgroundProcess';
export type { BackgroundProcessSpec } from './backgroundProcess';
export { sleep, sleepUnlessAborted } from './sleep';
export { waitFor } from './waitFor';
export type { WaitOptions } from './waitFor';
export { withinTimeout, TimeoutError } from './timeout';
export { retry, retryDelay, retryPolicies } from './retryPolicy';
export type { RetryOptions, RetryPolicy } from './retryPolicy';
