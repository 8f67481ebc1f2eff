export { PipelineError, isPipelineError } from './pipelineError';
export type { ExitCode, PipelineErrorOptions } from './pipelineError';
export { ConfigError, UsageError, ServiceError, DataError, StateError } from './kinds';
export { StorageError, isStorageErrno, storageErrnoCodes, storageErrorFrom } from './storageError';
export type { StorageContext, StorageErrno } from './storageError';
export { cutText, quoteValue, quotedValueMax, errorMessageMax } from './cut';
export { redactSecrets } from './redact';
export { errorCodes, isErrorCode } from './codes';
export type { ErrorCode } from './codes';
