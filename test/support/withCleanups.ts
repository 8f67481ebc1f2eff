/** A clean-up step, named for the report when it fails. */
export interface Cleanup {
  what: string;
  run(): Promise<void>;
}

/** What the spec's body did, before any clean-up ran. */
export type SpecOutcome = { passed: true } | { passed: false; error: unknown };

/**
 * The error a spec ends with when clean-up failed: the spec's own result
 * (passed, or its error) first, then each clean-up that failed. `spec` and
 * `cleanupErrors` keep the originals for whoever inspects it.
 */
export class CleanupFailed extends Error {
  constructor(readonly spec: SpecOutcome, readonly cleanupErrors: Array<{ what: string; error: unknown }>) {
    const specError = spec.passed ? undefined : spec.error;
    const outcome = spec.passed ? 'the spec itself passed' : `the spec failed: ${messageOf(specError)}`;
    const cleanups = cleanupErrors.map(({ what, error }) => `clean-up failed (${what}): ${messageOf(error)}`);
    super([outcome, ...cleanups].join('\n  and '));
    this.name = 'CleanupFailed';
    // uvu prints an assertion's diff from `details`; the spec's diff stays readable.
    const details = (specError as { details?: unknown } | undefined)?.details;
    if (details !== undefined) Object.assign(this, { details });
  }
}

/**
 * Runs `body`, then every clean-up in order whatever happened. With no
 * clean-up failing the spec's own error (or result) is unchanged; else a
 * CleanupFailed carries both, so a failing drop never hides what the spec found.
 */
export async function withCleanups(body: () => Promise<void>, cleanups: readonly Cleanup[]): Promise<void> {
  let spec: SpecOutcome = { passed: true };
  try {
    await body();
  } catch (error) {
    spec = { passed: false, error };
  }
  const cleanupErrors: Array<{ what: string; error: unknown }> = [];
  for (const cleanup of cleanups) {
    try {
      await cleanup.run();
    } catch (error) {
      cleanupErrors.push({ what: cleanup.what, error });
    }
  }
  if (cleanupErrors.length > 0) throw new CleanupFailed(spec, cleanupErrors);
  if (!spec.passed) throw spec.error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
