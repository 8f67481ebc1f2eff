import { messageKinds } from './messageSource';
import { KindCounts, Tally } from './tally';

/** The end of a run; `byKind` counts ACKNOWLEDGED messages so a cycle can reconcile produced = written + quarantined. */
export interface ProducerSummary {
  sent: number;
  acknowledged: number;
  failed: number;
  byKind: KindCounts;
  sentByKind: KindCounts;
  durationSeconds: number;
  /** Acknowledged messages per second of the run. */
  messagesPerSecond: number;
  topic: string;
  partitions: number;
  seed: number;
}

export interface SummaryContext {
  topic: string;
  partitions: number;
  seed: number;
  durationSeconds: number;
}

export function summarize(tally: Tally, context: SummaryContext): ProducerSummary {
  const seconds = Math.max(context.durationSeconds, 1e-3);
  return {
    sent: tally.sent,
    acknowledged: tally.acknowledged,
    failed: tally.failed,
    byKind: { ...tally.acknowledgedByKind },
    sentByKind: { ...tally.sentByKind },
    durationSeconds: round(context.durationSeconds, 3),
    messagesPerSecond: Math.round(tally.acknowledged / seconds),
    topic: context.topic,
    partitions: context.partitions,
    seed: context.seed,
  };
}

/** The summary a person reads at the end of `iot produce`. */
export function formatSummary(summary: ProducerSummary): string {
  const kinds = messageKinds
    .filter((kind) => summary.sentByKind[kind] > 0)
    .map((kind) => `    ${kind.padEnd(14)} ${summary.byKind[kind].toLocaleString('en-US').padStart(12)}`);
  return [
    `produced to ${summary.topic} (${summary.partitions} partitions, seed ${summary.seed})`,
    `  sent          ${summary.sent.toLocaleString('en-US').padStart(12)}`,
    `  acknowledged  ${summary.acknowledged.toLocaleString('en-US').padStart(12)}`,
    `  failed        ${summary.failed.toLocaleString('en-US').padStart(12)}${summary.failed > 0 ? '  (not acknowledged: may or may not be in the topic)' : ''}`,
    '  acknowledged by kind:',
    ...kinds,
    `  duration      ${summary.durationSeconds.toFixed(1).padStart(12)} s`,
    `  rate          ${summary.messagesPerSecond.toLocaleString('en-US').padStart(12)} messages/s`,
  ].join('\n');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
