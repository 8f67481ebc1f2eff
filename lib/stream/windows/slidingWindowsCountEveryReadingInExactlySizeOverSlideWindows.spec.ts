import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { consoleProduce } from '../../../test/support/kafka/kafkaTools';
import { consumeAvailable, createTopic } from '../../../test/support/stream/fixtures';
import { closedBy, emittedWindows, foldWindows, timedReadings, windowDifferences } from '../../../test/support/stream/windowFold';

const minute = 60_000;

test('sliding windows (--window 1m --slide 20s): every reading counts in exactly size/slide = 3 windows, each emitted once', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('windows-sliding');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 2);
    const { readings } = timedReadings(2_400, { sensors: 8 });
    // A last reading 10 minutes on moves the watermark past every window of the others.
    const flush = { sensor_id: 1, temperature: 20, humidity: 50, timestamp: '2026-12-01 10:15:00' };
    await consoleProduce(topic, [...readings, flush].map((reading) => `${reading.sensor_id}|${JSON.stringify(reading)}`), { keyed: true });
    const config = testConfig(scratch.dir);
    const summary = await consumeAvailable(config, brokers, topic, { maxPerBatch: 400, eventTime: { window: { sizeMs: minute, slideMs: 20_000 }, watermarkDelayMs: 10_000, dedupe: false } });

    const emitted = emittedWindows(config.paths.output);
    assert.is(emitted.reduce((sum, row) => sum + row.readings, 0), readings.length * 3, 'each reading of the first 5 minutes is counted 3 times');
    assert.equal(windowDifferences(emitted, closedBy(foldWindows([...readings, flush], minute, 20_000), summary.watermark ?? null)), []);
    for (const row of emitted) assert.is(Date.parse(`${row.window_start.replace(' ', 'T')}Z`) % 20_000, 0, 'windows start on 20 s from the epoch');
  } finally {
    scratch.cleanup();
  }
});

test.run();
