/** Fixtures for the alert specs: readings made for each rule, and the alert events the stream wrote. */
import { join } from 'node:path';
import { safeReaddir } from '../../../lib/stream/checkpoint/atomicFile';
import { readAlertFile } from '../../../lib/stream/alerts/alertFile';
import { AlertEventRow } from '../../../lib/stream/alerts/alertEvent';
import { defaultAlertSettings } from '../../../lib/stream/alerts/settings';
import { ProduceAcks, Producer } from '@platformatic/kafka';
import { createProducer } from '../../../lib/kafka';
import { alertCaseReadings as madeForEachRule } from '../../../lib/notebook/alertCases';
import { SensorReading } from '../../../lib/schema';

/** Every event of every alert part file under DATA_DIR/output/alerts, sorted by id then event. */
export function alertEvents(outputDir: string): AlertEventRow[] {
  const dir = join(outputDir, 'alerts');
  return safeReaddir(dir)
    .filter((name) => name.startsWith('part-'))
    .flatMap((name) => readAlertFile(join(dir, name)))
    .sort((a, b) => `${a.alert_id}${a.event}`.localeCompare(`${b.alert_id}${b.event}`));
}

export function describeEvents(events: AlertEventRow[]): string[] {
  return events.map((event) => `${event.rule} ${event.sensor_id} ${event.event} ${event.raised_at}${event.cleared_at ? ' → ' + event.cleared_at : ''}`).sort();
}

const start = Date.UTC(2026, 11, 2, 8, 0, 0);

/** lib/notebook's readings made for each rule (see alertCaseReadings there), as keyed message values. */
export function alertCaseReadings(seed: number, faultySeconds: number, healthySeconds: number, spikeRatio: number): { messages: KeyedMessage[]; spiked: SensorReading[] } {
  const run = madeForEachRule({ seed, start, faultySeconds, healthySeconds, spikeRatio });
  return { messages: run.messages.map((entry) => ({ key: entry.key, partition: entry.partition, value: JSON.stringify(entry.reading) })), spiked: run.spiked };
}

export interface KeyedMessage { key: string; partition: number; value: string }

/** Sends keyed messages to their sensors' partitions, in order, as the producer would. */
export async function sendKeyed(brokers: string[], topic: string, messages: KeyedMessage[]): Promise<void> {
  const producer = createProducer({ brokers, clientId: 'iot-alert-test' }, { idempotent: true, acks: ProduceAcks.ALL });
  try {
    for (let from = 0; from < messages.length; from += 5_000) {
      const chunk = messages.slice(from, from + 5_000).map((message) => ({ topic, key: Buffer.from(message.key), value: Buffer.from(message.value), partition: message.partition }));
      await producer.send({ messages: chunk as Parameters<Producer['send']>[0]['messages'] });
    }
  } finally {
    await producer.close();
  }
}

/** runStream options that turn the alert rules on as `iot consume` does by default (30 s watermark), windows off. */
export const alertStreamOptions = {
  alerts: defaultAlertSettings,
  eventTime: { window: undefined, watermarkDelayMs: 30_000, dedupe: false },
};
