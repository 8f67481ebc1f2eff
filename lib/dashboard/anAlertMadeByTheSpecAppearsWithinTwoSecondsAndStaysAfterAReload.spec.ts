import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { createProducer } from '../kafka';
import { startIot, stopIot } from '../../test/support/cycle';
import { freePort, scratchDir, testBrokers, uniqueTopic } from '../../test/support';
import { dashboardUrl, openDashboard, waitForSelector } from '../../test/support/dashboard';
import { createTopic } from '../../test/support/stream/fixtures';
import { safeReaddir } from '../stream/checkpoint/atomicFile';
import { formatEventTime } from '../stream/state';
import { waitFor } from '../process';

const sensor = 7;

/** Readings of one sensor, one per second of event time from `from`, with its key (one partition, in order). */
function readings(from: number, seconds: number, change: (second: number) => Partial<{ temperature: number; humidity: number }> = () => ({})) {
  return Array.from({ length: seconds }, (_, second) => ({
    key: Buffer.from(String(sensor)),
    value: Buffer.from(JSON.stringify({ sensor_id: sensor, temperature: 20 + (second % 7) / 10, humidity: 50 + (second % 5) / 10, timestamp: formatEventTime(from + second * 1000), ...change(second) })),
  }));
}

test('an alert made by the spec appears within 2 s, marks its sensor\'s card and is still shown after a reload; windows, watermark and late readings are listed', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('dashboard-alerts');
  const scratch = scratchDir();
  const env = { KAFKA_TOPIC: topic, KAFKA_BROKERS: brokers.join(',') };
  await createTopic(brokers, topic, 3);
  const dashboard = startIot(['dashboard', '--port', String(await freePort()), '--trigger', '1'], scratch.dir, env);
  let stdout = '';
  dashboard.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const consumer = startIot(['consume', '--duration', '0', '--trigger', '0.5'], scratch.dir, env);
  const open = await openDashboard(await dashboardUrl(dashboard, () => stdout));
  const producer = createProducer({ brokers, clientId: 'dashboard-alerts-spec' });
  try {
    const { page } = open;
    const start = Date.UTC(2026, 11, 2, 9, 0, 0);
    // 100 s of readings: the watermark (30 s behind) passes the first minute's end, so its window is emitted; the last is out of range.
    await producer.send({ messages: readings(start, 100, (second) => (second === 99 ? { temperature: 97.5 } : {})).map((message) => ({ topic, ...message })) });
    const alerts = join(scratch.dir, 'output', 'alerts');
    assert.ok(await waitFor(() => safeReaddir(alerts).some((name) => name.startsWith('part-')), { timeoutMs: 60_000, intervalMs: 50 }), 'the consumer wrote an alert part file');
    const made = Date.now();
    const selector = `#open-alerts tr[data-rule="out_of_range"][data-sensor="${sensor}"]`;
    assert.ok(await waitForSelector(page, selector, 5_000), 'the open alert is listed');
    const shownAfterMs = Date.now() - made;
    process.stdout.write(`alert shown ${shownAfterMs} ms after its part file appeared\n`);
    assert.ok(shownAfterMs < 2_000, `shown after ${shownAfterMs} ms`);
    assert.match((await page.locator(selector).textContent())!, /97\.5/);
    assert.ok(await waitForSelector(page, `.sensor[data-sensor="${sensor}"] .alert-badge[data-rule="out_of_range"]`, 10_000), 'the sensor\'s card is marked');

    await page.reload();
    assert.ok(await waitForSelector(page, selector, 2_000), 'still listed after a reload');

    // Back in range for 3 readings, and one reading older than the watermark: the alert moves to the cleared list, the late one is counted.
    await producer.send({ messages: [...readings(start + 100_000, 5), ...readings(start, 1)].map((message) => ({ topic, ...message })) });
    assert.ok(await waitForSelector(page, '#cleared-alerts tr[data-alert]', 10_000), 'the cleared alert is listed');
    assert.is(await page.locator(selector).count(), 0, 'no longer open');
    assert.ok(await waitFor(async () => (await page.locator(`#windows tr[data-sensor="${sensor}"] td`).nth(5).textContent()) === '1', { timeoutMs: 10_000, intervalMs: 200 }), 'one late reading of the sensor');
    const window = (await page.locator(`#windows tr[data-sensor="${sensor}"]`).textContent())!;
    assert.match(window, '2026-12-02 09:00:00 – 09:01:00', 'its first minute is an emitted window');
    assert.match((await page.locator('#watermark').textContent())!, /^2026-12-02 09:01:/);
  } finally {
    await producer.close();
    await open.browser.close();
    await Promise.all([stopIot(dashboard), stopIot(consumer)]);
    scratch.cleanup();
  }
});

test.run();
