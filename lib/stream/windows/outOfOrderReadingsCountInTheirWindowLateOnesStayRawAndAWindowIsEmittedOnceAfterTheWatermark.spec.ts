import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvLine, SensorReading } from '../../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { consoleProduce } from '../../../test/support/kafka/kafkaTools';
import { consumeAvailable, createTopic, csvRows, sortedCopy } from '../../../test/support/stream/fixtures';
import { closedBy, emittedWindows, foldWindows, progressOf, windowDifferences } from '../../../test/support/stream/windowFold';

const minute = 60_000;
const eventTime = { window: { sizeMs: minute, slideMs: minute }, watermarkDelayMs: 30_000, dedupe: false };
const at = (sensor: number, time: string, temperature: number): SensorReading => ({ sensor_id: sensor, temperature, humidity: 40 + temperature / 10, timestamp: `2026-12-01 10:${time}` });

// Five readings a batch (one partition, --max-per-batch 5): the watermark after each batch is its latest event time - 30 s.
const batches: SensorReading[][] = [
  [at(1, '00:05', 20), at(2, '00:10', 21), at(1, '00:40', 22), at(1, '00:20', 23), at(2, '00:50', 24)], // watermark 10:00:20
  [at(1, '01:10', 25), at(1, '00:55', 26), at(2, '01:20', 27), at(1, '01:40', 28), at(2, '01:35', 29)], // 10:00:55 is out of order within the delay; watermark 10:01:10
  [at(1, '00:30', 30), at(1, '02:30', 31), at(2, '01:05', 32), at(1, '01:15', 33), at(2, '02:45', 34)], // 10:00:30 and 10:01:05 are late; watermark 10:02:15
];
const late = new Set(['1 2026-12-01 10:00:30', '2 2026-12-01 10:01:05']);
const isLate = (reading: SensorReading) => late.has(`${reading.sensor_id} ${reading.timestamp}`);

test('out-of-order readings within the delay count in their window; a reading older than the watermark is written raw and counted late, in no window; each window is emitted once, in the batch whose watermark passes its end', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('windows-lateness');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 1);
    const readings = batches.flat();
    await consoleProduce(topic, readings.map((reading) => JSON.stringify(reading)));
    const config = testConfig(scratch.dir);
    const summary = await consumeAvailable(config, brokers, topic, { maxPerBatch: 5, eventTime });

    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy(readings.map(csvLine)), 'every reading, late ones included, is in the raw part files once');
    const progress = progressOf(config.paths.checkpoint);
    assert.equal(progress.map((batch) => batch.late), [0, 0, 2], 'the two late readings are counted in the batch that read them');
    assert.equal(progress.map((batch) => batch.watermark), ['2026-12-01 10:00:20', '2026-12-01 10:01:10', '2026-12-01 10:02:15']);
    assert.is(summary.late, 2);

    const emitted = emittedWindows(config.paths.output);
    const expected = closedBy(foldWindows(readings, minute, minute, isLate), summary.watermark ?? null);
    assert.equal(windowDifferences(emitted, expected), []);
    assert.equal(emitted.map((row) => `${row.sensor_id} ${row.window_start} ${row.readings}`), [
      '1 2026-12-01 10:00:00 4', '2 2026-12-01 10:00:00 2', '1 2026-12-01 10:01:00 3', '2 2026-12-01 10:01:00 2',
    ], 'the out-of-order 10:00:55 counts in its window; the late readings in none');
    // Each window's file is the batch whose watermark first reached the window's end.
    for (const row of emitted) {
      const batch = progress.find((entry) => entry.files.some((file) => file.endsWith(row.file)))!;
      const before = progress.find((entry) => entry.batchId === batch.batchId - 1);
      assert.ok(batch.watermark! >= row.window_end, `${row.window_end} emitted at watermark ${batch.watermark}`);
      assert.ok(!before || before.watermark! < row.window_end, `${row.window_end} was already due at watermark ${before?.watermark}`);
    }

    // The windows still open at the end of the run stay in state: a later run emits them once, complete.
    await consoleProduce(topic, [JSON.stringify(at(1, '03:40', 35))]);
    const next = await consumeAvailable(config, brokers, topic, { maxPerBatch: 5, eventTime });
    assert.is(next.watermark, '2026-12-01 10:03:10');
    const all = emittedWindows(config.paths.output);
    assert.equal(windowDifferences(all, closedBy(foldWindows([...readings, at(1, '03:40', 35)], minute, minute, isLate), next.watermark ?? null)), []);
    assert.is(all.length, 6, 'the two windows of 10:02 were added, nothing repeated');
  } finally {
    scratch.cleanup();
  }
});

test.run();
