/**
 * Every failure a user can meet is a PipelineError: a stable `code` to search
 * for, a message that says what happened and what to do, the exit code the CLI
 * should end with, and whether retrying the same call may succeed.
 */
export interface PipelineErrorOptions {
  code: ErrorCode;
  exitCode?: ExitCode;
  retriable?: boolean;
  hint?: string;
  cause?: unknown;
}

import type { ErrorCode } from './codes';
import { redactSecrets } from './redact';

/** 0 success, 1 the job failed, 2 usage or configuration error. */
export type ExitCode = 0 | 1 | 2;

export class PipelineError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly retriable: boolean;
  readonly hint?: string;

  constructor(message: string, options: PipelineErrorOptions) {
    // Messages quote configuration and driver errors; a URL's password never goes further than here.
    super(redactSecrets(message), { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode ?? 1;
    this.retriable = options.retriable ?? false;
    this.hint = options.hint === undefined ? undefined : redactSecrets(options.hint);
  }

  /** The text a person reads: what happened, then what to do. */
  describe(): string {
    return this.hint ? `${this.message}\n  → ${this.hint}` : this.message;
  }
}

export function isPipelineError(error: unknown): error is PipelineError {
  return error instanceof PipelineError;
}
