export { createLogger, silentLogger } from './logger';
export type { Logger, LogLevel, LogFields, LoggerOptions } from './logger';
export { progressReporter } from './progress';
export type { Progress } from './progress';
