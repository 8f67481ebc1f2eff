/** Fixtures for the alert specs: readings made for each rule, and the alert events the stream wrote. */
import { join } from 'node:path';
import { safeReaddir } from '../../../lib/stream/checkpoint/atomicFile';
import { readAlertFile } from '../../../lib/stream/alerts/alertFile';
import { AlertEventRow } from '../../../lib/stream/alerts/alertEvent';
import { defaultAlertSettings } from '../../../lib/stream/alerts/settings';
import { ProduceAcks, Producer } from '@platformatic/kafka';
import { createProducer } from '../../../lib/kafka';
import { createMessageSource } from '../../../lib/producer';
import { formatTimestamp } from '../../../lib/schema';
import { eventTimeOf as parseEventTime } from '../../../lib/stream/state';

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

export interface ReadingValue { sensor_id: number; temperature: number; humidity: number; timestamp: string }

const start = Date.UTC(2026, 11, 2, 8, 0, 0);

/**
 * Ten simulated sensors in simulated time (one reading each per second),
 * first `faultySeconds` with sensor 2 stuck, sensor 3 silent after 60 s,
 * spikes at `spikeRatio` and sensor 6's humidity at 130 % for two seconds,
 * then `healthySeconds` of the same sensors without faults. Returns the
 * message values and the spiked readings (compared with the same run
 * without faults).
 */
export function alertCaseReadings(seed: number, faultySeconds: number, healthySeconds: number, spikeRatio: number): { messages: KeyedMessage[]; spiked: ReadingValue[] } {
  const make = (alertCases: Parameters<typeof createMessageSource>[0]['alertCases'], from: number, seconds: number) => {
    const source = createMessageSource({ sensors: 10, partitions: 3, seed, invalidRatio: 0, startSecondOfDay: 36_000, now: () => from, simulatedTime: true, alertCases });
    const out: Array<{ key: string; partition: number; reading: ReadingValue }> = [];
    // A silent sensor sends nothing: count by event time, not by message.
    for (;;) {
      const message = source.next();
      const reading = JSON.parse(message.value) as ReadingValue;
      if (secondOf(reading.timestamp) - secondOf(new Date(from)) >= seconds) break;
      out.push({ key: message.key.toString(), partition: message.partition, reading });
    }
    return out;
  };
  const faulty = make({ stuckSensor: 2, silentSensor: 3, silentAfterSeconds: 60, spikeRatio }, start, faultySeconds);
  const plain = make({ silentSensor: 3, silentAfterSeconds: 60 }, start, faultySeconds);
  const spiked = faulty.filter((entry, index) => entry.reading.sensor_id !== 2 && entry.reading.temperature !== plain[index].reading.temperature).map((entry) => entry.reading);
  for (const entry of faulty) {
    const second = secondOf(entry.reading.timestamp) - secondOf(new Date(start));
    if (entry.reading.sensor_id === 6 && (second === 100 || second === 101)) entry.reading.humidity = 130;
  }
  const healthy = make(undefined, start + faultySeconds * 1000, healthySeconds);
  const all = [...faulty, ...healthy];
  return { messages: all.map((entry) => ({ key: entry.key, partition: entry.partition, value: JSON.stringify(entry.reading) })), spiked };
}

export interface KeyedMessage { key: string; partition: number; value: string }

/** Whole seconds of a reading's timestamp (or a Date formatted the same way): differences are what matter. */
function secondOf(time: string | Date): number {
  return Math.round(parseEventTime(typeof time === 'string' ? time : formatTimestamp(time)) / 1000);
}

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
