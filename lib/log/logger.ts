import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactSecrets } from '../errors/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** Pipeline stage or component, e.g. "producer", "services.kafka". */
  component: string;
  /** Console form: readable lines for people (default), or the raw JSON lines for machines; from config.log. */
  format?: 'pretty' | 'json';
  /** Least severe level written (default info); from config.log (LOG_LEVEL, in the environment or .env). */
  level?: LogLevel;
  /** Also append every record as a JSON line to this file. */
  file?: string;
  /** Where the console form goes; stderr keeps stdout free for results (--json summaries). */
  write?: (line: string) => void;
}

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(component: string): Logger;
}

/**
 * Structured logs: every record is `{time, level, component, event, ...fields}`.
 * The JSON line is the source of truth (written to `file`); the console gets a
 * readable rendering of the same record unless `format` is 'json'.
 */
export function createLogger(options: LoggerOptions): Logger {
  const minimum = levelRank[options.level ?? 'info'];
  const format = options.format ?? 'pretty';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });

  const emit = (level: LogLevel, event: string, fields: LogFields = {}) => {
    if (levelRank[level] < minimum) return;
    const record = { time: new Date().toISOString(), level, component: options.component, event, ...fields };
    const json = JSON.stringify(record, jsonSafe);
    if (options.file) appendFileSync(options.file, json + '\n');
    write(format === 'json' ? json : renderPretty(level, options.component, event, fields));
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    child: (component) => createLogger({ ...options, component: `${options.component}.${component}` }),
  };
}

function renderPretty(level: LogLevel, component: string, event: string, fields: LogFields): string {
  const time = new Date().toISOString().slice(11, 19);
  const pairs = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? redactSecrets(value) : JSON.stringify(value, jsonSafe)}`)
    .join(' ');
  const marker = level === 'info' ? ' ' : level === 'warn' ? '!' : level === 'error' ? '✗' : '·';
  return `${time} ${marker} [${component}] ${event}${pairs ? '  ' + pairs : ''}`;
}

/** Also where a URL's password is hidden: a field may quote a driver's error or a setting. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: redactSecrets(value.message) };
  if (typeof value === 'string') return redactSecrets(value);
  return value;
}

/** A logger that drops everything: for library calls where the caller wants silence. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
