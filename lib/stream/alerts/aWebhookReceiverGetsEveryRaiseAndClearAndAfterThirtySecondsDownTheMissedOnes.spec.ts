import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { spawnIot } from '../../../test/support/iotProcess';
import { alertCaseReadings, alertEvents, alertStreamOptions, sendKeyed } from '../../../test/support/stream/alerts';
import { consumeAvailable, createTopic, csvRows } from '../../../test/support/stream/fixtures';
import { startWebhookReceiver } from '../../../test/support/stream/webhookReceiver';
import { sleep, waitFor } from '../../process';

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
  const topic = uniqueTopic('alerts-webhook-down');
  const scratch = scratchDir();
  const port = await freePort();
  const env = { ...process.env, KAFKA_BROKERS: brokers.join(','), DATA_DIR: scratch.dir, LOG_LEVEL: 'warn', ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/alerts` };
  const consumer = spawnIot(['consume', '--duration', '0', '--trigger', '0.5', '--max-per-batch', '300', '--topic', topic, '--group', `${topic}-group`], env, { timeoutMs: 180_000 });
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

test.run();
