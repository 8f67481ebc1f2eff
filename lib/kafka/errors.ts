import { AuthenticationError, GenericError, MultipleErrors, NetworkError, TimeoutError, UserError } from '@platformatic/kafka';
import { PipelineError, ServiceError } from '../errors';
import type { KafkaConnection } from './client';

/** Where and how we connected (for naming the login and CA file), and what the call was doing: "creating topic x". */
export interface KafkaFailureContext extends KafkaConnection {
  action: string;
}

/**
 * The one place where platformatic's errors become ours. A broker that does
 * not answer is KAFKA_UNREACHABLE, a refused login KAFKA_AUTH_FAILED (naming
 * mechanism and user), a certificate or handshake TLS refused KAFKA_TLS_FAILED
 * (naming the CA file), a broker that answered with an error KAFKA_FAILED; each
 * names the brokers and keeps platformatic's error as the cause. Login and TLS
 * failures are not retriable: waiting does not fix a password or a CA. Our own
 * errors pass through unchanged.
 */
export function kafkaFailure(error: unknown, context: KafkaFailureContext): PipelineError {
  if (error instanceof PipelineError) return error;
  const where = context.brokers.join(',');
  const detail = describeKafkaError(error);
  const sasl = context.security?.sasl;
  const denied = authorizationFailure(error);
  if (denied) {
    const user = sasl ? `user "${sasl.username}"` : 'our (anonymous) connection';
    return new ServiceError(`Kafka at ${where} does not allow ${user} this (${denied}) while ${context.action} (${detail}).`, {
      code: 'KAFKA_AUTH_FAILED', retriable: false, cause: error,
      hint: 'Ask the cluster\'s operator for the ACLs this user needs on the topic and the consumer group (kafka-acls --add --allow-principal User:<name> ...).',
    });
  }
  if (isAuthenticationFailure(error)) {
    const login = sasl ? `the SASL ${sasl.mechanism} login of user "${sasl.username}"` : 'our connection (it wants a SASL login: set KAFKA_SECURITY_PROTOCOL=SASL_SSL)';
    return new ServiceError(`Kafka at ${where} refused ${login} while ${context.action} (${detail}).`, {
      code: 'KAFKA_AUTH_FAILED', retriable: false, cause: error,
      hint: 'Check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD against the cluster\'s settings.',
    });
  }
  const tls = tlsFailure(error);
  if (tls) return tlsFailed(tls, where, detail, context);
  if (hasKafkaError(error, NetworkError.code) || hasKafkaError(error, TimeoutError.code)) {
    return new ServiceError(`Kafka at ${where} did not answer while ${context.action} (${detail}).`, {
      code: 'KAFKA_UNREACHABLE', retriable: true, cause: error,
      hint: 'Check KAFKA_BROKERS (host:port, reachable from here), or unset it to use our own broker (`npx iot services up kafka`).',
    });
  }
  return new ServiceError(`Kafka at ${where} failed while ${context.action}: ${detail}.`, {
    code: 'KAFKA_FAILED', retriable: isRetriableKafkaError(error), cause: error,
    hint: 'Rerunning is safe; `npx iot services status kafka` shows whether our broker is ready.',
  });
}

/**
 * How deep platformatic nests a cause: a refused login is
 * operation → retries → "cannot connect to any broker" → connection → authentication → response → broker error.
 */
const maxNesting = 8;

/** OpenSSL's verdicts on a certificate chain, as Node's TLS errors carry them in `code`. */
const untrustedCertificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
]);

type TlsFailureKind = 'untrusted' | 'hostname' | 'handshake';

function tlsFailure(error: unknown): TlsFailureKind | undefined {
  const tlsCode = findBy(error, (inner) => {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' && (untrustedCertificateCodes.has(code) || /^ERR_(SSL|TLS)_/.test(code));
  });
  if (tlsCode) {
    const code = (tlsCode as NodeJS.ErrnoException).code!;
    return code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'hostname' : untrustedCertificateCodes.has(code) ? 'untrusted' : 'handshake';
  }
  // platformatic's verdict on a TLS socket reset before the handshake ended: a UserError caused by ECONNRESET.
  const reset = findBy(error, (inner) => inner instanceof UserError && (inner.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET');
  return reset ? 'handshake' : undefined;
}

function tlsFailed(kind: TlsFailureKind, where: string, detail: string, context: KafkaFailureContext): ServiceError {
  const caFile = context.security?.tls?.caFile;
  const trusted = caFile ? `the CA in KAFKA_SSL_CA_FILE=${caFile}` : "the system's trusted CAs (KAFKA_SSL_CA_FILE is not set)";
  const [message, hint] = {
    untrusted: [
      `Kafka at ${where} presented a TLS certificate that ${trusted} did not sign, while ${context.action} (${detail}).`,
      `Point KAFKA_SSL_CA_FILE at the PEM of the CA that signed the brokers' certificates (the cluster's operator has it).`,
    ],
    hostname: [
      `The TLS certificate of Kafka at ${where} does not name the host we connected to, while ${context.action} (${detail}).`,
      'Put a host name the certificate names into KAFKA_BROKERS, or set KAFKA_SSL_CHECK_HOSTNAME=false to skip only this check.',
    ],
    handshake: [
      `The TLS handshake with Kafka at ${where} failed while ${context.action} (${detail}); CA: ${trusted}.`,
      'Is that a TLS port? SSL / SASL_SSL need one, PLAINTEXT / SASL_PLAINTEXT must not use one (KAFKA_SECURITY_PROTOCOL); a broker that wants a client certificate needs KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE.',
    ],
  }[kind];
  return new ServiceError(message, { code: 'KAFKA_TLS_FAILED', retriable: false, hint });
}

/** The broker's answers that say a login may connect but not do this; waiting does not grant an ACL. */
const authorizationApiIds = [
  'TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'DELEGATION_TOKEN_AUTHORIZATION_FAILED',
];

function authorizationFailure(error: unknown): string | undefined {
  return authorizationApiIds.find((apiId) => hasKafkaError(error, apiId));
}

function isAuthenticationFailure(error: unknown): boolean {
  return hasKafkaError(error, AuthenticationError.code) || hasKafkaError(error, 'SASL_AUTHENTICATION_FAILED');
}

/**
 * A refused login, a missing ACL or a refused TLS certificate, however deep
 * platformatic nests it (a refused login arrives inside a retriable
 * "cannot connect to any broker"): no command retries these.
 */
export function isNeverRetried(error: unknown): boolean {
  if (error instanceof PipelineError) return error.code === 'KAFKA_AUTH_FAILED' || error.code === 'KAFKA_TLS_FAILED';
  return isAuthenticationFailure(error) || authorizationFailure(error) !== undefined || tlsFailure(error) !== undefined;
}

/** Whether platformatic says the same request may succeed later (lost connection, leader moving, coordinator loading). */
export function isRetriableKafkaError(error: unknown): boolean {
  if (!(error instanceof Error) || !GenericError.isGenericError(error) || isNeverRetried(error)) return false;
  if (error.canRetry === true) return true;
  return error instanceof MultipleErrors && error.errors.length > 0 && error.errors.every(isRetriableKafkaError);
}

/** One line: the innermost broker or network reasons, without platformatic's "multiple errors" wrapping. */
export function describeKafkaError(error: unknown): string {
  const reasons = new Set<string>();
  const visit = (current: unknown, depth: number): void => {
    if (depth > maxNesting || !(current instanceof Error)) return;
    const nested = [...(current instanceof AggregateError ? current.errors : []), ...(current.cause ? [current.cause] : [])];
    if (nested.length === 0) reasons.add(current.message);
    for (const inner of nested) visit(inner, depth + 1);
  };
  visit(error, 0);
  return reasons.size > 0 ? [...reasons].slice(0, 3).join('; ') : String(error ?? 'no answer');
}

/** Whether an error of `code` (platformatic's) or `apiId` (a broker error name, e.g. TOPIC_ALREADY_EXISTS) is among the error, its parts and causes. */
export function hasKafkaError(error: unknown, codeOrApiId: string): boolean {
  return findBy(error, (inner) => {
    const own = inner as Error & { code?: unknown; apiId?: unknown };
    return own.code === codeOrApiId || own.apiId === codeOrApiId;
  }) !== undefined;
}

/** The first error among `error`, its parts and causes that `matches`. */
function findBy(error: unknown, matches: (inner: Error) => boolean, depth = 0): Error | undefined {
  if (depth > maxNesting || !(error instanceof Error)) return undefined;
  if (matches(error)) return error;
  const nested = [...(error instanceof AggregateError ? error.errors : []), error.cause];
  for (const inner of nested) {
    const found = findBy(inner, matches, depth + 1);
    if (found) return found;
  }
  return undefined;
}
