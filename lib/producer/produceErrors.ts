// eslint-disable-next-line @typescript-eslint/no-var-requires
export const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): Error & { retriable: boolean; type: string } };

/**
 * Broker answers that no retry can change. The sequence errors mean the
 * broker's view of this producer id differs from ours (its state was lost or
 * expired): resending would not help, and the lane retires the id.
 */
const permanentErrors = new Set([
  'MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'RECORD_LIST_TOO_LARGE',
  'OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'UNSUPPORTED_VERSION',
]);

/** A failed send attempt: retried with the same bytes unless permanent (connection losses, leader moves and timeouts are not). */
export function sendError(error: unknown): { error: Error; permanent: boolean } {
  const failure = error instanceof Error ? error : new Error(String(error));
  const type = (failure as { type?: string }).type;
  return { error: failure, permanent: type !== undefined && permanentErrors.has(type) };
}
