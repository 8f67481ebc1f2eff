import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvLine, SensorReading } from '../../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { consoleProduce } from '../../../test/support/kafka/kafkaTools';
import { consumeAvailable, createTopic, csvRows, quarantinedRecords, sortedCopy } from '../../../test/support/stream/fixtures';
import { closedBy, emittedWindows, foldWindows, timedReadings, windowDifferences } from '../../../test/support/stream/windowFold';

const minute = 60_000;
const eventTime = { window: { sizeMs: minute, slideMs: minute }, watermarkDelayMs: 30_000, dedupe: true };

test('--dedupe with duplicates written by Kafka\'s console producer: each duplicate is quarantined as duplicate_reading, every window counts it once', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('windows-dedupe');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 3);
    const { readings } = timedReadings(4_800, { sensors: 12 });
    assert.is(new Set(readings.map(csvLine)).size, readings.length, 'the originals are distinct');
    // Every 20th reading is sent again: right after itself, or 30 readings (about 3 s of event time) later, so repeats fall in the same batch and in the next.
    const sent: SensorReading[] = [];
    readings.forEach((reading, index) => {
      sent.push(reading);
      if (index % 20 === 0) sent.push(reading);
      if (index % 20 === 10 && index >= 30) sent.push(readings[index - 30]);
    });
    const duplicates = sent.length - readings.length;
    // Keyed by sensor_id, as the producer keys them: a sensor's readings, and its duplicates, share a partition.
    await consoleProduce(topic, sent.map((reading) => `${reading.sensor_id}|${JSON.stringify(reading)}`), { keyed: true });
    const config = testConfig(scratch.dir);
    const summary = await consumeAvailable(config, brokers, topic, { maxPerBatch: 150, eventTime });

    const quarantined = quarantinedRecords(config.paths.quarantine);
    assert.is(quarantined.length, duplicates, 'each duplicate quarantined');
    assert.ok(quarantined.every((record) => record.reason === 'duplicate_reading' && /already within the watermark/.test(record.detail)), 'with its reason');
    assert.is(summary.rowsWritten + summary.rowsQuarantined, sent.length, 'written + quarantined = read');
    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy(readings.map(csvLine)), 'the raw part files hold each reading once');

    const emitted = emittedWindows(config.paths.output);
    assert.ok(emitted.length >= 12 * 5, `${emitted.length} windows emitted`);
    assert.equal(windowDifferences(emitted, closedBy(foldWindows(readings, minute), summary.watermark ?? null)), [], 'windows count the originals only');
  } finally {
    scratch.cleanup();
  }
});

test.run();
