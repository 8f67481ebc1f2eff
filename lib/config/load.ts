import { resolve, join } from 'node:path';
import { ConfigError, quoteValue } from '../errors';
import { readDotenv } from './dotenv';
import { configFields, ConfigValues } from './fields';
import { DatabaseUrl, parseDatabaseUrl } from './databaseUrl';
import { Field, FieldValueError } from './field';
import { kafkaSecurity, KafkaSecurity } from './kafkaSecurity';

export interface Config {
  kafka: {
    /** Brokers as configured; undefined means "use our own local broker". */
    brokers?: string[];
    topic: string;
    /** First port of our own local Kafka (see lib/services/kafka/nodeLayout.ts). */
    port: number;
    /** Nodes of our own local Kafka; 1 = a single broker, 3 = a cluster. */
    nodes: number;
    runtime: 'auto' | 'docker' | 'native';
    /** TLS and SASL for KAFKA_BROKERS; holds the SASL password, so never log it whole. */
    security: KafkaSecurity;
  };
  /** Absolute paths of the data folder and its parts. */
  paths: {
    data: string;
    output: string;
    checkpoint: string;
    backup: string;
    quarantine: string;
    services: string;
    logs: string;
  };
  database: DatabaseUrl;
  postgresPort: number;
  mssql: { url?: string; saPassword?: string; port: number };
  dashboard: { port: number };
  /** The stream's alert rules (lib/stream/alerts) and where their events are posted. */
  alerts: {
    webhookUrl?: string;
    webhookQueue: number;
    spikeSigmas: number;
    spikeMinDelta: number;
    spikeHistory: number;
    stuckReadings: number;
    silentSeconds: number;
    clearReadings: number;
  };
  /** `iot consume`'s isolate: its heap bound in MB (see lib/cli/boundedIsolate.ts). */
  stream: { heapMb: number };
  superset: { port: number; runtime: 'auto' | 'docker' | 'native'; adminUser: string; adminPassword?: string; secretKey?: string };
  cacheDir: string;
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'pretty' | 'json' };
  /** Run time (0: the notebook's own) and log level of the notebooks' cells. */
  notebook: { seconds: number; logLevel: 'debug' | 'info' | 'warn' | 'error' };
}

export interface LoadConfigOptions {
  /** Variables to read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The .env file; its values apply where the environment sets nothing. */
  envFile?: string;
  /** Relative paths resolve against this folder (default: current directory). */
  cwd?: string;
}

/** Reads the environment (and .env) once, validates every value, and returns the typed config. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const fromFile = readDotenv(options.envFile ?? resolve(cwd, env.IOT_ENV_FILE ?? '.env'));
  const values = parseAll({ ...fromFile, ...definedOnly(env) });
  return shape(values, cwd);
}

function parseAll(raw: Record<string, string | undefined>): ConfigValues {
  const entries = Object.entries(configFields).map(([name, field]) => [
    name,
    parseOne(name, raw[name], field as Field<unknown>),
  ]);
  return Object.fromEntries(entries) as ConfigValues;
}

function parseOne(name: string, raw: string | undefined, field: Field<unknown>): unknown {
  if (raw === undefined || raw === '') return field.default;
  try {
    return field.parse(raw);
  } catch (error) {
    if (!(error instanceof FieldValueError)) throw error;
    throw new ConfigError(`${name}=${quoteValue(raw)} is not valid: expected ${field.accepts}.`, {
      code: 'CONFIG_INVALID',
      hint: `Set ${name} to e.g. ${field.example}, or unset it for the default. All settings: .env.example.`,
    });
  }
}

function shape(values: ConfigValues, cwd: string): Config {
  const data = resolve(cwd, values.DATA_DIR);
  return {
    kafka: {
      brokers: values.KAFKA_BROKERS,
      topic: values.KAFKA_TOPIC,
      port: values.KAFKA_PORT,
      nodes: values.KAFKA_NODES,
      runtime: values.KAFKA_RUNTIME,
      security: kafkaSecurity(values, cwd),
    },
    paths: {
      data,
      output: join(data, 'output'),
      checkpoint: join(data, 'checkpoint'),
      backup: join(data, 'backup'),
      quarantine: join(data, 'quarantine'),
      services: join(data, 'services'),
      logs: join(data, 'logs'),
    },
    database: values.DATABASE_URL ?? parseDatabaseUrl(`sqlite:${join(data, 'warehouse.db')}`),
    postgresPort: values.POSTGRES_PORT,
    mssql: { url: values.MSSQL_URL, saPassword: values.MSSQL_SA_PASSWORD, port: values.MSSQL_PORT },
    dashboard: { port: values.DASHBOARD_PORT },
    alerts: {
      webhookUrl: values.ALERT_WEBHOOK_URL,
      webhookQueue: values.ALERT_WEBHOOK_QUEUE,
      spikeSigmas: values.ALERT_SPIKE_SIGMAS,
      spikeMinDelta: values.ALERT_SPIKE_MIN_DELTA,
      spikeHistory: values.ALERT_SPIKE_HISTORY,
      stuckReadings: values.ALERT_STUCK_READINGS,
      silentSeconds: values.ALERT_SILENT_SECONDS,
      clearReadings: values.ALERT_CLEAR_READINGS,
    },
    stream: { heapMb: values.STREAM_HEAP_MB },
    superset: {
      port: values.SUPERSET_PORT,
      runtime: values.SUPERSET_RUNTIME,
      adminUser: values.SUPERSET_ADMIN_USER,
      adminPassword: values.SUPERSET_ADMIN_PASSWORD,
      secretKey: values.SUPERSET_SECRET_KEY,
    },
    cacheDir: resolve(cwd, values.IOT_CACHE_DIR),
    log: { level: values.LOG_LEVEL, format: values.LOG_FORMAT },
    notebook: { seconds: values.NOTEBOOK_SECONDS, logLevel: values.NOTEBOOK_LOG_LEVEL },
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
