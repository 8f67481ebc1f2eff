import { custom, decimal, Field, flag, integer, oneOf, optionalText, text, FieldValueError } from './field';
import { databaseUrlForms, parseDatabaseUrl, DatabaseUrl } from './databaseUrl';
import { cacheDirDefault } from './cacheDir';

function brokerList(raw: string): string[] {
  const brokers = raw.split(',').map((broker) => broker.trim()).filter(Boolean);
  if (brokers.length === 0 || !brokers.every((broker) => /^[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$/.test(broker))) {
    throw new FieldValueError();
  }
  return brokers;
}

/** Kafka's own rule for topic names. */
export function topicName(raw: string): string {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(raw) || raw === '.' || raw === '..') throw new FieldValueError();
  return raw;
}

/** An http(s) URL the alert webhook posts to; the text is kept as given. */
function webhookUrl(raw: string): string | undefined {
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FieldValueError();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FieldValueError();
  return raw;
}

function userName(raw: string): string {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(raw)) throw new FieldValueError();
  return raw;
}

/**
 * Every environment variable the pipeline reads. Nothing needs to be set: the
 * defaults are the embedded setup (our own local Kafka broker, SQLite under
 * DATA_DIR). `.env.example` is generated from this table.
 */
export const configFields = {
  KAFKA_BROKERS: custom<string[] | undefined>({
    description: 'Kafka bootstrap servers to use as they are. Unset: the pipeline starts and uses its own local broker.',
    default: undefined,
    defaultText: '(unset: our own local broker)',
    example: 'kafka1:9092,kafka2:9092',
    accepts: 'a comma-separated list of HOST:PORT',
    parse: brokerList,
  }),
  KAFKA_TOPIC: custom<string>({
    description: 'Topic the sensors write to and the consumer reads.',
    default: 'sensor-data',
    example: 'sensor-data',
    accepts: 'a Kafka topic name (1-249 letters, digits, ".", "_", "-")',
    parse: topicName,
  }),
  KAFKA_PORT: integer({
    description: 'First port of our own local Kafka: brokers listen on KAFKA_PORT … KAFKA_PORT+KAFKA_NODES-1, their controllers on the next KAFKA_NODES ports.',
    default: 9092,
    example: '9092',
    min: 1024,
    max: 65500,
  }),
  KAFKA_NODES: integer({
    description: 'Nodes of our own local Kafka (each broker + controller, KRaft). 3 makes a cluster: a 3-voter quorum, topics replicated 3 times with min.insync.replicas 2.',
    default: 1,
    example: '3',
    min: 1,
    max: 9,
  }),
  KAFKA_RUNTIME: oneOf<'auto' | 'docker' | 'native'>({
    description: 'How our own broker runs: docker if a Docker engine answers, else native (Java + jars from Maven Central).',
    default: 'auto',
    example: 'native',
    values: ['auto', 'docker', 'native'] as const,
  }),
  KAFKA_SECURITY_PROTOCOL: oneOf<'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'>({
    description: 'How clients talk to KAFKA_BROKERS, as Java\'s security.protocol: SSL and SASL_SSL encrypt with TLS; SASL_* log in with KAFKA_SASL_*. Managed Kafka (Confluent Cloud, Event Hubs, MSK) wants SASL_SSL.',
    default: 'PLAINTEXT',
    example: 'SASL_SSL',
    values: ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const,
  }),
  KAFKA_SASL_MECHANISM: oneOf<'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'>({
    description: 'SASL mechanism for SASL_SSL / SASL_PLAINTEXT: PLAIN (Confluent Cloud, Event Hubs) or SCRAM (Amazon MSK, Aiven).',
    default: 'PLAIN',
    example: 'SCRAM-SHA-512',
    values: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const,
  }),
  KAFKA_SASL_USERNAME: optionalText({
    description: 'SASL user (Confluent Cloud: the API key; Event Hubs: $ConnectionString). Needed with SASL_*.',
    default: undefined,
    example: 'iot-pipeline',
  }),
  KAFKA_SASL_PASSWORD: optionalText({
    description: 'SASL password (Confluent Cloud: the API secret; Event Hubs: the connection string). A secret: never logged or printed.',
    default: undefined,
    example: 'put-it-in-.env-not-on-a-command-line',
  }),
  KAFKA_SSL_CA_FILE: optionalText({
    description: 'PEM file of the CA(s) that signed the brokers\' certificates, for SSL / SASL_SSL. Unset: the system\'s trusted CAs (enough for Confluent Cloud, Event Hubs, MSK).',
    default: undefined,
    example: '/etc/kafka/ca.pem',
  }),
  KAFKA_SSL_CERT_FILE: optionalText({
    description: 'PEM client certificate for mutual TLS (brokers with ssl.client.auth=required); set together with KAFKA_SSL_KEY_FILE.',
    default: undefined,
    example: '/etc/kafka/client.pem',
  }),
  KAFKA_SSL_KEY_FILE: optionalText({
    description: 'PEM private key (unencrypted) of KAFKA_SSL_CERT_FILE, for mutual TLS.',
    default: undefined,
    example: '/etc/kafka/client.key',
  }),
  KAFKA_SSL_CHECK_HOSTNAME: flag({
    description: 'Check that the broker\'s certificate names the host connected to. false skips only that check (the CA chain is still verified) and logs a warning: for brokers reached by an address their certificate does not name.',
    default: true,
    example: 'false',
  }),
  DATA_DIR: text({
    description: 'Root of the data folder: output/, checkpoint/, backup/, quarantine/, services/ and logs/ live here.',
    default: 'data',
    example: 'data',
  }),
  DATABASE_URL: custom<DatabaseUrl | undefined>({
    description: 'Where the ETL loads sensor_data and writes ETL_Log.',
    default: undefined,
    defaultText: 'sqlite:$DATA_DIR/warehouse.db',
    example: 'postgres://iot:iot@127.0.0.1:55432/iot',
    accepts: databaseUrlForms,
    parse: parseDatabaseUrl,
  }),
  POSTGRES_PORT: integer({
    description: 'Port of our own PostgreSQL server (`iot services up postgres`).',
    default: 55432,
    example: '55432',
    min: 1024,
    max: 65535,
  }),
  MSSQL_URL: optionalText({
    description: 'An existing SQL Server / Azure SQL database for the SQL Server contract tests; unset skips them.',
    default: undefined,
    example: 'mssql://sa:Your_password123@127.0.0.1:1433/iot',
  }),
  MSSQL_SA_PASSWORD: optionalText({
    description: 'sa password for the SQL Server container that `iot services up mssql` starts (Docker only).',
    default: undefined,
    example: 'Your_password123',
  }),
  MSSQL_PORT: integer({
    description: 'Host port of the SQL Server container.',
    default: 1433,
    example: '1433',
    min: 1,
    max: 65535,
  }),
  SUPERSET_PORT: integer({
    description: 'Port of our Superset web server (`iot services up superset`), on 127.0.0.1.',
    default: 8088,
    example: '8088',
    min: 1024,
    max: 65535,
  }),
  SUPERSET_RUNTIME: oneOf<'auto' | 'docker' | 'native'>({
    description: 'How Superset runs: the apache/superset image if a Docker engine answers, else Superset from PyPI in a virtualenv under IOT_CACHE_DIR.',
    default: 'auto',
    example: 'native',
    values: ['auto', 'docker', 'native'] as const,
  }),
  SUPERSET_ADMIN_USER: custom<string>({
    description: 'Superset admin login that the bootstrap creates.',
    default: 'admin',
    example: 'admin',
    accepts: 'a user name of letters, digits, ".", "_", "-" or "@"',
    parse: userName,
  }),
  SUPERSET_ADMIN_PASSWORD: optionalText({
    description: 'Password of the Superset admin. Unset: one is generated once and kept in $DATA_DIR/services/superset/admin-password.',
    default: undefined,
    defaultText: '(unset: generated into $DATA_DIR/services/superset/admin-password)',
    example: 'a-long-passphrase',
  }),
  SUPERSET_SECRET_KEY: optionalText({
    description: "Superset's SECRET_KEY (signs sessions, encrypts stored database passwords). Unset: generated once into $DATA_DIR/services/superset/secret-key.",
    default: undefined,
    defaultText: '(unset: generated into $DATA_DIR/services/superset/secret-key)',
    example: 'output of `openssl rand -base64 42`',
  }),
  DASHBOARD_PORT: integer({
    description: 'Port of the live dashboard (`iot dashboard`), on 127.0.0.1 unless its --host says otherwise.',
    default: 8090,
    example: '8090',
    min: 1,
    max: 65535,
  }),
  ALERT_WEBHOOK_URL: custom<string | undefined>({
    description: 'Where `iot consume` POSTs each alert raise and clear as JSON (at least once, key alert_id + event). Unset: alerts go to output/alerts/ only.',
    default: undefined,
    example: 'http://127.0.0.1:9000/alerts',
    accepts: 'an http:// or https:// URL',
    parse: webhookUrl,
  }),
  ALERT_WEBHOOK_QUEUE: integer({
    description: 'Alert events waiting for the webhook at most; past it the oldest are dropped, counted and logged (the stream never waits for the webhook).',
    default: 10_000,
    example: '10000',
    min: 1,
    max: 1_000_000,
  }),
  ALERT_SPIKE_SIGMAS: decimal({
    description: 'spike alert: a value further than this many standard deviations from the sensor\'s recent mean (and further than ALERT_SPIKE_MIN_DELTA).',
    default: 6,
    example: '4',
    min: 1,
    max: 1000,
  }),
  ALERT_SPIKE_MIN_DELTA: decimal({
    description: 'spike alert: the least distance from the mean, in the value\'s unit (°C, % points); a quiet sensor\'s σ is hundredths, and the simulated sensors\' own 8-20 °C spikes stay below 25.',
    default: 25,
    example: '10',
    min: 0,
    max: 1000,
  }),
  ALERT_SPIKE_HISTORY: integer({
    description: 'spike alert: how many of a sensor\'s last readings make its mean and σ (the history kept per sensor).',
    default: 60,
    example: '120',
    min: 2,
    max: 10_000,
  }),
  ALERT_STUCK_READINGS: integer({
    description: 'stuck alert: this many readings in a row with the same temperature and humidity.',
    default: 10,
    example: '20',
    min: 2,
    max: 1_000_000,
  }),
  ALERT_SILENT_SECONDS: integer({
    description: 'silent alert: this many seconds of event time without a reading from a sensor while the watermark moves on.',
    default: 60,
    example: '300',
    min: 1,
    max: 31_536_000,
  }),
  ALERT_CLEAR_READINGS: integer({
    description: 'out_of_range and spike alerts clear after this many good readings in a row.',
    default: 3,
    example: '5',
    min: 1,
    max: 1_000_000,
  }),
  STREAM_HEAP_MB: integer({
    description: 'JavaScript heap of `iot consume`, in MB (its V8 old generation). A bound makes V8 grow the heap in small steps, ~10 MB less peak RSS; 1,000,000 readings with windows need under 30 MB. Past it the run stops with STREAM_HEAP_EXHAUSTED.',
    default: 512,
    example: '2048',
    min: 8,
    max: 65_536,
  }),
  IOT_CACHE_DIR: text({
    description: 'Cache outside git for Kafka jars and Python virtualenvs, reused between runs and clones.',
    default: cacheDirDefault(),
    defaultText: '$XDG_CACHE_HOME/iot-pipeline or ~/.cache/iot-pipeline',
    example: '/var/cache/iot-pipeline',
  }),
  LOG_LEVEL: oneOf<'debug' | 'info' | 'warn' | 'error'>({
    description: 'Least severe log level shown.',
    default: 'info',
    example: 'debug',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
  LOG_FORMAT: oneOf<'pretty' | 'json'>({
    description: 'Console log form: readable lines, or JSON lines.',
    default: 'pretty',
    example: 'json',
    values: ['pretty', 'json'] as const,
  }),
  NOTEBOOK_LOG_LEVEL: oneOf<'debug' | 'info' | 'warn' | 'error'>({
    description: "Least severe log level a notebook's cells show: errors only by default, since a notebook's outputs are its results.",
    default: 'error',
    example: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
  NOTEBOOK_SECONDS: integer({
    description: "How long producer and consumer run in a notebook (`make notebooks` sets it); 0 keeps each notebook's own value.",
    default: 0,
    example: '10',
    min: 0,
    max: 3600,
  }),
} satisfies Record<string, Field<unknown>>;

export type ConfigFields = typeof configFields;
export type ConfigValues = { [Name in keyof ConfigFields]: ConfigFields[Name] extends Field<infer T> ? T : never };
