import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { BaseOptions } from '@platformatic/kafka';
import { KafkaSecurity } from '../config';
import { ConfigError } from '../errors';
import { Logger, silentLogger } from '../log';

/** What a client needs to reach a secured Kafka: platformatic's own TLS and SASL options. */
export type KafkaSecurityOptions = Pick<BaseOptions, 'tls' | 'tlsServerName' | 'sasl'>;

let hostnameWarningLogged = false;

/**
 * The configured security (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*)
 * as platformatic's `tls` / `sasl` options, spread into every client's options
 * by `lib/kafka/client.ts`. PLAINTEXT is no options. Certificate files are read
 * here, so a missing or unreadable one fails before any connection, naming it.
 */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined, brokers: string[], logger: Logger = silentLogger): KafkaSecurityOptions {
  if (!security) return {};
  const options: KafkaSecurityOptions = {};
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    options.sasl = { mechanism, username, password };
  }
  if (security.tls) {
    const { checkHostname } = security.tls;
    options.tls = {
      ...readTlsFiles(security.tls),
      // The chain is still verified; only the "does the certificate name this host" check is skipped.
      ...(!checkHostname && { checkServerIdentity: () => undefined }),
    };
    // SNI, which managed Kafka routes by; an IP address is not a server name (RFC 6066), so none for those.
    options.tlsServerName = !brokers.every((broker) => isIP(hostOf(broker)) !== 0);
    if (!checkHostname && !hostnameWarningLogged) {
      hostnameWarningLogged = true;
      logger.warn('kafka.tls.hostname_check_off', {
        message: 'KAFKA_SSL_CHECK_HOSTNAME=false: broker certificates are not checked against the host names connected to; anyone with a certificate from the trusted CA can pose as a broker.',
      });
    }
  }
  return options;
}

/** The CA, certificate and key as PEM text, for node:tls; each file is checked when read. */
export function readTlsFiles(tls: NonNullable<KafkaSecurity['tls']>): { ca?: string; cert?: string; key?: string } {
  const { caFile, certFile, keyFile } = tls;
  return {
    ...(caFile && { ca: pemFile('KAFKA_SSL_CA_FILE', caFile, 'CERTIFICATE') }),
    ...(certFile && { cert: pemFile('KAFKA_SSL_CERT_FILE', certFile, 'CERTIFICATE') }),
    ...(keyFile && { key: pemFile('KAFKA_SSL_KEY_FILE', keyFile, 'PRIVATE KEY') }),
  };
}

/** A PEM file's text; a missing, unreadable or non-PEM file stops here with CONFIG_INVALID naming the setting and the file. */
function pemFile(setting: string, path: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`${setting}=${path} cannot be read (${reason}).`, {
      code: 'CONFIG_INVALID',
      hint: `Point ${setting} at a readable PEM file${setting === 'KAFKA_SSL_CA_FILE' ? ' holding the CA that signed the brokers\' certificates' : ''}, or unset it.`,
    });
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text)) {
    throw new ConfigError(`${setting}=${path} is not a PEM ${kind.toLowerCase()} (no "-----BEGIN …${kind}-----" line).`, {
      code: 'CONFIG_INVALID',
      hint: `Convert it to PEM (e.g. \`openssl x509 -inform der -in FILE -out FILE.pem\`) and point ${setting} at that.`,
    });
  }
  return text;
}

function hostOf(broker: string): string {
  const host = broker.slice(0, broker.lastIndexOf(':'));
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
