export { PipelineError, isPipelineError } from './pipelineError';
export type { ExitCode, PipelineErrorOptions } from './pipelineError';
export { ConfigError, UsageError, ServiceError, DataError, StateError } from './kinds';
export { cutText, quoteValue, quotedValueMax, errorMessageMax } from './cut';
export { redactSecrets } from './redact';
