import { AuthenticationError, GenericError, MultipleErrors, NetworkError, TimeoutError } from '@platformatic/kafka';
import { PipelineError, ServiceError } from '../errors';
import type { KafkaConnection } from './client';

/** Where the failing call went, and what it was doing for the message: "producing to sensor-data", "creating topic x". */
export interface KafkaFailureContext extends KafkaConnection {
  action: string;
}

/**
 * The one place where platformatic's errors become ours. A broker that does
 * not answer is KAFKA_UNREACHABLE, a refused login KAFKA_AUTH_FAILED, a broker
 * that answered with an error KAFKA_FAILED; each names the brokers and keeps
 * platformatic's error as the cause. Our own errors pass through unchanged.
 */
export function kafkaFailure(error: unknown, context: KafkaFailureContext): PipelineError {
  if (error instanceof PipelineError) return error;
  const where = context.brokers.join(',');
  const detail = describeKafkaError(error);
  if (hasKafkaError(error, AuthenticationError.code) || hasKafkaError(error, 'SASL_AUTHENTICATION_FAILED')) {
    return new ServiceError(`Kafka at ${where} refused the login${describeLogin(context)} while ${context.action} (${detail}).`, {
      code: 'KAFKA_AUTH_FAILED', retriable: false, cause: error,
      hint: 'Check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD against the cluster\'s settings.',
    });
  }
  if (hasKafkaError(error, NetworkError.code) || hasKafkaError(error, TimeoutError.code)) {
    return new ServiceError(`Kafka at ${where} did not answer while ${context.action} (${detail}).`, {
      code: 'KAFKA_UNREACHABLE', cause: error,
      hint: 'Check KAFKA_BROKERS (host:port, reachable from here), or unset it to use our own broker (`npx iot services up kafka`).',
    });
  }
  return new ServiceError(`Kafka at ${where} failed while ${context.action}: ${detail}.`, {
    code: 'KAFKA_FAILED', retriable: isRetriableKafkaError(error), cause: error,
    hint: 'Rerunning is safe; `npx iot services status kafka` shows whether our broker is ready.',
  });
}

/** " of user u (SCRAM-SHA-512)": who tried to log in, never with what password. */
function describeLogin(context: KafkaFailureContext): string {
  const sasl = context.security?.sasl;
  if (!sasl) return '';
  return typeof sasl.username === 'string' ? ` of user ${sasl.username} (${sasl.mechanism})` : ` (${sasl.mechanism})`;
}

/** Whether platformatic says the same request may succeed later (lost connection, leader moving, coordinator loading). */
export function isRetriableKafkaError(error: unknown): boolean {
  if (!(error instanceof Error) || !GenericError.isGenericError(error)) return false;
  if (error.canRetry === true) return true;
  return error instanceof MultipleErrors && error.errors.length > 0 && error.errors.every(isRetriableKafkaError);
}

/** One line: the innermost broker or network reasons, without platformatic's "multiple errors" wrapping. */
export function describeKafkaError(error: unknown): string {
  const reasons = new Set<string>();
  const visit = (current: unknown, depth: number): void => {
    if (depth > 5 || !(current instanceof Error)) return;
    const nested = [...(current instanceof AggregateError ? current.errors : []), ...(current.cause ? [current.cause] : [])];
    if (nested.length === 0) reasons.add(current.message);
    for (const inner of nested) visit(inner, depth + 1);
  };
  visit(error, 0);
  return reasons.size > 0 ? [...reasons].slice(0, 3).join('; ') : String(error ?? 'no answer');
}

/** Whether an error of `code` (platformatic's) or `apiId` (a broker error name, e.g. TOPIC_ALREADY_EXISTS) is among the error, its parts and causes. */
export function hasKafkaError(error: unknown, codeOrApiId: string, depth = 0): boolean {
  if (depth > 5 || !(error instanceof Error)) return false;
  const own = error as Error & { code?: unknown; apiId?: unknown };
  if (own.code === codeOrApiId || own.apiId === codeOrApiId) return true;
  const nested = [...(error instanceof AggregateError ? error.errors : []), error.cause];
  return nested.some((inner) => hasKafkaError(inner, codeOrApiId, depth + 1));
}
