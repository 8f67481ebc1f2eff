import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { killNine, spawnIot } from '../../../test/support/iotProcess';
import { alertCaseReadings, alertEvents, alertStreamOptions, sendKeyed } from '../../../test/support/stream/alerts';
import { consumeAvailable, createTopic, csvRows } from '../../../test/support/stream/fixtures';
import { startWebhookReceiver } from '../../../test/support/stream/webhookReceiver';
import { sleep, waitFor } from '../../process';

/** `iot consume` as a user starts it, posting to a webhook on 127.0.0.1:`port` (nobody listens until the spec says). */
async function consumerWithWebhook(name: string): Promise<{ topic: string; scratch: ReturnType<typeof scratchDir>; port: number; start: () => ReturnType<typeof spawnIot> }> {
  const brokers = testBrokers();
  const topic = uniqueTopic(name);
  const scratch = scratchDir();
  const port = await freePort();
  const env = { ...process.env, KAFKA_BROKERS: brokers.join(','), DATA_DIR: scratch.dir, LOG_LEVEL: 'warn', ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/alerts` };
  const args = ['consume', '--duration', '0', '--trigger', '0.5', '--max-per-batch', '300', '--topic', topic, '--group', `${topic}-group`];
  return { topic, scratch, port, start: () => spawnIot(args, env, { timeoutMs: 180_000 }) };
}

function keysOf(outputDir: string): string[] {
  return alertEvents(outputDir).map((event) => `${event.alert_id}:${event.event}`).sort();
}

test('a webhook receiver on 127.0.0.1 gets every raise and clear the stream writes, as JSON with the alert_id', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('alerts-webhook');
  const scratch = scratchDir();
  const port = await freePort();
  const receiver = await startWebhookReceiver(port);
  try {
    await createTopic(brokers, topic, 3);
    await sendKeyed(brokers, topic, alertCaseReadings(5, 180, 60, 0.003).messages);
    const config = testConfig(scratch.dir, { ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/alerts` });
    await consumeAvailable(config, brokers, topic, { ...alertStreamOptions, maxPerBatch: 300 });
    const written = keysOf(config.paths.output);
    assert.ok(written.length >= 8, `${written.length} events written`);
    // The stream gives its webhook a few seconds at the end: everything is in by then.
    assert.equal([...receiver.received].sort(), written);
    const body = receiver.bodies.find((candidate) => candidate.rule === 'silent' && candidate.event === 'raised')!;
    assert.equal(Object.keys(body).sort(), ['alert_id', 'cleared_at', 'detail', 'event', 'raised_at', 'rule', 'sensor_id', 'value']);
    assert.is(body.sensor_id, 3);
  } finally {
    await receiver.close();
    scratch.cleanup();
  }
});

test('a receiver that is down for 30 s gets the events it missed once it is back, and the stream kept committing meanwhile', async () => {
  const brokers = testBrokers();
  const { topic, scratch, port, start } = await consumerWithWebhook('alerts-webhook-down');
  const consumer = start();
  try {
    await createTopic(brokers, topic, 3);
    const { messages } = alertCaseReadings(5, 180, 60, 0.003);
    await sendKeyed(brokers, topic, messages);
    const output = testConfig(scratch.dir).paths.output;
    const everythingWritten = () => csvRows(output).length === messages.length;
    assert.ok(await waitFor(everythingWritten, { timeoutMs: 60_000, intervalMs: 200 }), `the consumer wrote every reading: ${consumer.stderr()}`);
    // Every batch is committed while nobody listens: the webhook never holds the stream up.
    const committedWhileDown = keysOf(output);
    assert.ok(committedWhileDown.length >= 8, `${committedWhileDown.length} events committed`);
    await sleep(30_000);
    assert.is(consumer.child.exitCode, null, 'the consumer is still running');
    const receiver = await startWebhookReceiver(port);
    try {
      const all = () => new Set(receiver.received).size >= committedWhileDown.length;
      assert.ok(await waitFor(all, { timeoutMs: 30_000, intervalMs: 200 }), `got ${receiver.received.length} of ${committedWhileDown.length}`);
      assert.equal([...new Set(receiver.received)].sort(), committedWhileDown);
    } finally {
      await receiver.close();
    }
  } finally {
    consumer.child.kill('SIGTERM');
    const exit = await consumer.done;
    assert.is(exit.code, 0, exit.stderr);
    scratch.cleanup();
  }
});

test('events a killed consumer could not deliver are posted by the next run, from the alert part files (at least once)', async () => {
  const brokers = testBrokers();
  const { topic, scratch, port, start } = await consumerWithWebhook('alerts-webhook-kill');
  const first = start();
  let second: ReturnType<typeof spawnIot> | undefined;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  try {
    await createTopic(brokers, topic, 3);
    const { messages } = alertCaseReadings(5, 180, 60, 0.003);
    await sendKeyed(brokers, topic, messages);
    const output = testConfig(scratch.dir).paths.output;
    assert.ok(await waitFor(() => csvRows(output).length === messages.length, { timeoutMs: 60_000, intervalMs: 200 }), 'the first run wrote every reading');
    // Nobody listened: every event is still in the first run's queue when it dies.
    await killNine(first.child);
    receiver = await startWebhookReceiver(port);
    second = start();
    const written = keysOf(output);
    assert.ok(await waitFor(() => new Set(receiver!.received).size >= written.length, { timeoutMs: 30_000, intervalMs: 200 }), `got ${receiver.received.length} of ${written.length}`);
    assert.equal([...new Set(receiver.received)].sort(), written);
  } finally {
    await killNine(first.child);
    if (second) {
      second.child.kill('SIGTERM');
      await second.done;
    }
    await receiver?.close();
    scratch.cleanup();
  }
});

test.run();
