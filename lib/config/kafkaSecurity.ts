import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import { ConfigValues } from './fields';

export type SecurityProtocol = ConfigValues['KAFKA_SECURITY_PROTOCOL'];
export type SaslMechanism = ConfigValues['KAFKA_SASL_MECHANISM'];

/** How clients reach KAFKA_BROKERS, checked as a whole: each part is present exactly when the protocol uses it. */
export interface KafkaSecurity {
  protocol: SecurityProtocol;
  /** SASL_PLAINTEXT and SASL_SSL. */
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** SSL and SASL_SSL; file paths are absolute. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string; checkHostname: boolean };
}

/**
 * The KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* / KAFKA_SSL_* settings as one
 * checked value. A setting the protocol would ignore is an error rather than
 * silently dropped: credentials set beside PLAINTEXT mean the user expected a login.
 * Messages name settings, never the password's value.
 */
export function kafkaSecurity(values: ConfigValues, cwd: string): KafkaSecurity {
  const protocol = values.KAFKA_SECURITY_PROTOCOL;
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  if (protocol !== 'PLAINTEXT' && !values.KAFKA_BROKERS) {
    throw invalid(`KAFKA_SECURITY_PROTOCOL=${protocol} needs KAFKA_BROKERS: our own local broker listens on PLAINTEXT only.`,
      'Set KAFKA_BROKERS to the secured brokers, or unset KAFKA_SECURITY_PROTOCOL to use our own broker.');
  }
  const security: KafkaSecurity = { protocol };
  if (usesSasl) security.sasl = saslLogin(values, protocol);
  else refuseUnused(values, protocol, ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'], 'SASL_SSL');
  if (usesTls) security.tls = tlsFiles(values, cwd);
  else refuseUnused(values, protocol, ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'], protocol === 'SASL_PLAINTEXT' ? 'SASL_SSL' : 'SSL');
  if (!usesTls && !values.KAFKA_SSL_CHECK_HOSTNAME) {
    throw invalid(`KAFKA_SSL_CHECK_HOSTNAME=false, but KAFKA_SECURITY_PROTOCOL=${protocol} does not use TLS.`, 'Unset KAFKA_SSL_CHECK_HOSTNAME, or use SSL / SASL_SSL.');
  }
  return security;
}

function saslLogin(values: ConfigValues, protocol: SecurityProtocol): NonNullable<KafkaSecurity['sasl']> {
  const mechanism = values.KAFKA_SASL_MECHANISM;
  for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
    if (!values[name]) {
      throw invalid(`KAFKA_SECURITY_PROTOCOL=${protocol} logs in with SASL ${mechanism}, and ${name} is not set.`,
        `Set ${name} (in .env or the environment, not on a command line), or choose KAFKA_SECURITY_PROTOCOL=SSL / PLAINTEXT.`);
    }
  }
  return { mechanism, username: values.KAFKA_SASL_USERNAME!, password: values.KAFKA_SASL_PASSWORD! };
}

function tlsFiles(values: ConfigValues, cwd: string): NonNullable<KafkaSecurity['tls']> {
  const path = (raw: string | undefined) => (raw === undefined ? undefined : resolve(cwd, raw));
  const [certFile, keyFile] = [path(values.KAFKA_SSL_CERT_FILE), path(values.KAFKA_SSL_KEY_FILE)];
  if (Boolean(certFile) !== Boolean(keyFile)) {
    const missing = certFile ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE';
    throw invalid(`Mutual TLS needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE; ${missing} is not set.`, `Set ${missing}, or unset the other one.`);
  }
  return { caFile: path(values.KAFKA_SSL_CA_FILE), certFile, keyFile, checkHostname: values.KAFKA_SSL_CHECK_HOSTNAME };
}

function refuseUnused(values: ConfigValues, protocol: SecurityProtocol, names: (keyof ConfigValues)[], suggested: SecurityProtocol): void {
  const set = names.find((name) => values[name] !== undefined);
  if (!set) return;
  throw invalid(`${set} is set, but KAFKA_SECURITY_PROTOCOL=${protocol} does not use it.`,
    `Set KAFKA_SECURITY_PROTOCOL=${suggested} (or unset ${set}).`);
}

function invalid(message: string, hint: string): ConfigError {
  return new ConfigError(message, { code: 'CONFIG_INVALID', hint });
}
