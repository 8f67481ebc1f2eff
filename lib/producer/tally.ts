import { MessageKind, messageKinds } from './messageSource';

export type KindCounts = Record<MessageKind, number>;

/**
 * Running counts of a producer run. `sent` counts messages handed to Kafka;
 * each ends up acknowledged (the broker has it, exactly once) or failed (not
 * acknowledged: it may or may not be in the topic).
 */
export interface Tally {
  sent: number;
  acknowledged: number;
  failed: number;
  sentByKind: KindCounts;
  acknowledgedByKind: KindCounts;
  failedByKind: KindCounts;
}

export function createTally(): Tally {
  return { sent: 0, acknowledged: 0, failed: 0, sentByKind: zeroCounts(), acknowledgedByKind: zeroCounts(), failedByKind: zeroCounts() };
}

export function countSent(tally: Tally, kind: MessageKind): void {
  tally.sent++;
  tally.sentByKind[kind]++;
}

export function countOutcome(tally: Tally, messages: readonly { kind: MessageKind }[], acknowledged: boolean): void {
  const byKind = acknowledged ? tally.acknowledgedByKind : tally.failedByKind;
  for (const message of messages) byKind[message.kind]++;
  if (acknowledged) tally.acknowledged += messages.length;
  else tally.failed += messages.length;
}

export function zeroCounts(): KindCounts {
  return Object.fromEntries(messageKinds.map((kind) => [kind, 0])) as KindCounts;
}
