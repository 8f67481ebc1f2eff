export { loadConfig } from './load';
export type { Config, LoadConfigOptions } from './load';
export { configFields } from './fields';
export type { ConfigValues } from './fields';
export { parseDatabaseUrl, redactUrl, databaseUrlForms } from './databaseUrl';
export type { DatabaseUrl, DatabaseEngine } from './databaseUrl';
export * as fields from './field';
export type { Field } from './field';
export { FieldValueError } from './field';
