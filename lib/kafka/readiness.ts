import { Kafka } from 'kafkajs';
import { ServiceError } from '../errors';

/**
 * A broker is ready for the pipeline when metadata, the group coordinator and
 * the producer-id coordinator all answer: right after a KRaft start, metadata
 * answers seconds before "the coordinator is loading" stops.
 */
export async function checkKafkaReady(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.listTopics();
    await admin.describeGroups(['iot-readiness-probe']);
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5, retry: { retries: 1, initialRetryTime: 200 } });
  await producer.connect();
  await producer.disconnect();
}

/** Waits for checkKafkaReady; after `timeoutMs` gives a clear error naming the brokers and the last cause. */
export async function waitForKafka(kafka: Kafka, brokers: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await withTimeout(checkKafkaReady(kafka), Math.max(1_000, deadline - Date.now()));
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new ServiceError(`Kafka at ${brokers.join(',')} did not answer within ${Math.round(timeoutMs / 1000)} s (${describe(lastError)}).`, {
    code: 'KAFKA_UNREACHABLE',
    hint: 'Check KAFKA_BROKERS (host:port, reachable from here), or unset it to use our own broker (`npx iot services up kafka`).',
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error ?? 'no answer');
}
