import { isPipelineError, ServiceError } from '../errors';
import { retry, retryPolicies, TimeoutError, withinTimeout } from '../process';
import { createProducer, KafkaClientOptions, withAdmin } from './client';
import { describeKafkaError, isNeverRetried, kafkaFailure } from './errors';

/**
 * A broker is ready for the pipeline when metadata, the group coordinator and
 * the producer-id coordinator all answer: right after a KRaft start, metadata
 * answers seconds before "the coordinator is loading" stops.
 */
export async function checkKafkaReady(client: KafkaClientOptions): Promise<void> {
  // No retries inside a probe: waitForKafka repeats the probe, and a probe must end well within its deadline.
  await withAdmin(client, async (admin) => {
    await admin.listTopics();
    await admin.describeGroups({ groups: ['iot-readiness-probe'] });
  }, { retries: 0 });
  const producer = createProducer(client, { retries: 0 });
  try {
    await producer.initIdempotentProducer({});
  } finally {
    await producer.close(true).catch(() => undefined);
  }
}

/**
 * Waits for checkKafkaReady; after `timeoutMs` gives a clear KAFKA_UNREACHABLE
 * naming the brokers and the last cause. A refused login or TLS certificate
 * fails at once: waiting does not fix a password or a CA.
 */
export async function waitForKafka(client: KafkaClientOptions, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  const probe = async () => {
    try {
      await withinTimeout(checkKafkaReady(client), Math.max(1_000, deadline - Date.now()), 'Kafka');
    } catch (error) {
      const failure = kafkaFailure(error, { ...client, action: 'checking it is ready' });
      if (isNeverRetried(failure) || failure.code === 'CONFIG_INVALID') throw failure;
      // Our own probe timeout says less than a broker's answer: keep the better cause.
      if (!(error instanceof TimeoutError) || lastError === undefined) lastError = error;
      throw error;
    }
  };
  try {
    // The deadline counts from the call, not from the first failure: the first probe may take most of it.
    const retriable = (error: unknown) => Date.now() < deadline && (!isPipelineError(error) || error.retriable);
    await retry(probe, { policy: retryPolicies.readinessProbe, retriable });
  } catch (error) {
    if (isPipelineError(error) && !error.retriable) throw error;
    throw new ServiceError(`Kafka at ${client.brokers.join(',')} did not answer within ${Math.round(timeoutMs / 1000)} s (${describeKafkaError(lastError)}).`, {
      code: 'KAFKA_UNREACHABLE', retriable: true, cause: lastError,
      hint: 'Check KAFKA_BROKERS (host:port, reachable from here), or unset it to use our own broker (`npx iot services up kafka`).',
    });
  }
}
