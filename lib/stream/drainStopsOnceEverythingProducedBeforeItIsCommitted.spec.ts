import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../log';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { runStream } from '.';
import { createTopic, csvRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { sleep } from '../process';

test('as `iot cycle` uses it: produce while consuming, stop the producer, drain → produced = written + quarantined, then the run ends', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-drain');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 3);
    const config = testConfig(scratch.dir);
    const drain = new AbortController();
    const running = runStream({
      config, brokers, topic, group: `${topic}-group`, durationSeconds: 0, triggerSeconds: 5,
      startingOffsets: 'earliest', format: 'csv', logger: silentLogger, drain: drain.signal,
    });
    const readings = distinctReadings(3_000);
    for (let part = 0; part < 3; part++) {
      await sendValues(brokers, topic, readings.slice(part * 1_000, (part + 1) * 1_000).map((reading) => JSON.stringify(reading)), 3);
      await sleep(300);
    }
    await sendValues(brokers, topic, ['{broken'], 3);
    const drainedAt = Date.now();
    drain.abort();
    const summary = await running;
    assert.ok(Date.now() - drainedAt < 4_000, 'a drain does not wait for the next 5 s trigger');
    assert.is(summary.rowsWritten + summary.rowsQuarantined, readings.length + 1);
    assert.is(summary.rowsQuarantined, 1);
    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy(readings.map(csvLine)));
  } finally {
    scratch.cleanup();
  }
});

test.run();
