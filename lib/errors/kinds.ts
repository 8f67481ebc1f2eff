import { PipelineError, PipelineErrorOptions } from './pipelineError';

import type { ErrorCode } from './codes';

type Options = Omit<PipelineErrorOptions, 'code' | 'exitCode'> & { code?: ErrorCode };
/** A service failure must say whether waiting can cure it: there is no default either way. */
type ServiceOptions = Options & { retriable: boolean };

/** A bad environment variable or .env value; exit 2. */
export class ConfigError extends PipelineError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'CONFIG_INVALID', ...options, exitCode: 2 });
  }
}

/** A bad command line: unknown flag, bad flag value; exit 2. */
export class UsageError extends PipelineError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'USAGE', ...options, exitCode: 2 });
  }
}

/** A service (Kafka, a database, Superset) that cannot be started or reached; exit 1. Retriable only when the caller says so. */
export class ServiceError extends PipelineError {
  constructor(message: string, options: ServiceOptions) {
    super(message, { code: 'SERVICE_UNAVAILABLE', ...options, exitCode: 1 });
  }
}

/** Input data that breaks a rule; exit 1. */
export class DataError extends PipelineError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'DATA_INVALID', ...options, exitCode: 1 });
  }
}

/** On-disk state (checkpoint, lock, data folder) the pipeline refuses to guess about; exit 2. */
export class StateError extends PipelineError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'STATE_INVALID', ...options, exitCode: 2 });
  }
}
