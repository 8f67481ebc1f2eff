export { createLogger, silentLogger } from './logger';
export type { Logger, LogLevel, LogFields, LoggerOptions } from './logger';
