import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../../test/support';
import { spawnIot } from '../../../test/support/iotProcess';
import { createTopic } from '../../../test/support/stream/fixtures';
import { alertCaseReadings, alertEvents, alertStreamOptions, describeEvents, sendKeyed } from '../../../test/support/stream/alerts';
import { consumeAvailable } from '../../../test/support/stream/fixtures';
import { AlertEventRow } from './alertEvent';

function only(events: AlertEventRow[], rule: string): string[] {
  return events.filter((event) => event.rule === rule).map((event) => `${event.event} ${event.sensor_id}`);
}

test('each rule fires once for its made-up case and clears once when it ends; a replay from the start in other batches gives the same events', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('alerts-cases');
  const first = scratchDir();
  const replay = scratchDir();
  try {
    await createTopic(brokers, topic, 3);
    const { messages, spiked } = alertCaseReadings(5, 180, 60, 0.003);
    await sendKeyed(brokers, topic, messages);
    const run = await consumeAvailable(testConfig(first.dir), brokers, topic, { ...alertStreamOptions, maxPerBatch: 300 });
    assert.is(run.rowsWritten, messages.length);
    const events = alertEvents(testConfig(first.dir).paths.output);
    process.stdout.write(`${events.length} alert events over ${run.batches} batches; ${spiked.length} spiked readings\n`);

    assert.equal(only(events, 'out_of_range'), ['cleared 6', 'raised 6'].sort());
    assert.is(events.find((event) => event.rule === 'out_of_range' && event.event === 'raised')!.value, 130);
    assert.equal(only(events, 'stuck').sort(), ['cleared 2', 'raised 2']);
    assert.equal(only(events, 'silent').sort(), ['cleared 3', 'raised 3']);
    const silentClear = events.find((event) => event.rule === 'silent' && event.event === 'cleared')!;
    assert.ok(silentClear.cleared_at! > silentClear.raised_at, 'cleared after it was raised');
    const sensor3 = messages.map((message) => JSON.parse(message.value)).filter((reading) => reading.sensor_id === 3);
    assert.is(silentClear.cleared_at, sensor3.find((reading) => reading.timestamp > silentClear.raised_at).timestamp, 'cleared by sensor 3\'s first reading after the silence');

    assert.ok(spiked.length >= 1, 'the seed makes at least one spike');
    const spikeRaises = events.filter((event) => event.rule === 'spike' && event.event === 'raised');
    assert.equal(spikeRaises.map((event) => `${event.sensor_id} ${event.raised_at}`).sort(), spiked.map((reading) => `${reading.sensor_id} ${reading.timestamp}`).sort());
    for (const id of new Set(events.map((event) => event.alert_id))) {
      assert.equal(events.filter((event) => event.alert_id === id).map((event) => event.event).sort(), ['cleared', 'raised'], `alert ${id} raised once, cleared once`);
    }

    await consumeAvailable(testConfig(replay.dir), brokers, topic, { ...alertStreamOptions, maxPerBatch: 7_000, group: `${topic}-replay` });
    assert.equal(describeEvents(alertEvents(testConfig(replay.dir).paths.output)), describeEvents(events));
    assert.equal(alertEvents(testConfig(replay.dir).paths.output), events, 'same ids, values and details');
  } finally {
    first.cleanup();
    replay.cleanup();
  }
});

test('normal simulated readings at the default settings raise no alert in 10 minutes of simulated time at 10 sensors', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('alerts-quiet');
  const scratch = scratchDir();
  try {
    const env = { ...process.env, KAFKA_BROKERS: brokers.join(','), DATA_DIR: scratch.dir, LOG_LEVEL: 'warn' };
    const produced = await spawnIot(['produce', '--topic', topic, '--sensors', '10', '--count', '6000', '--rate', 'max', '--simulated-time', '--seed', '3'], env, { timeoutMs: 60_000 }).done;
    assert.is(produced.code, 0, produced.stderr);
    const run = await consumeAvailable(testConfig(scratch.dir), brokers, topic, { ...alertStreamOptions, maxPerBatch: 1_000 });
    assert.is(run.rowsWritten, 6_000);
    assert.equal(describeEvents(alertEvents(testConfig(scratch.dir).paths.output)), []);
  } finally {
    scratch.cleanup();
  }
});

test.run();
