import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChildProcess, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { querySqlite } from '../../test/support/cycle';
import { spawnIot } from '../../test/support/iotProcess';
import { alertCaseReadings, alertEvents, sendKeyed } from '../../test/support/stream/alerts';
import { consumeAvailable, createTopic } from '../../test/support/stream/fixtures';
import { defaultAlertSettings } from '../stream/alerts/settings';
import { sleep, waitFor } from '../process';

const killsPerHalf = 3;
/** What `iot consume` runs by default: 1 m windows, 30 s watermark, alerts on. */
const cliDefaults = { alerts: defaultAlertSettings, eventTime: { window: { sizeMs: 60_000, slideMs: 60_000 }, watermarkDelayMs: 30_000, dedupe: false } };
const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

function killNine(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function committedBatches(checkpointDir: string): number {
  try {
    return readdirSync(join(checkpointDir, 'commits')).filter((name) => /^\d+$/.test(name)).length;
  } catch {
    return 0;
  }
}

test(`kill -9 of the consumer at ${2 * killsPerHalf} random moments, a merge and an ETL halfway and at the end: every alert raised and cleared exactly once in sensor_alert`, async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('alerts-sql-kill9');
  const killed = scratchDir();
  const reference = scratchDir();
  const children: ChildProcess[] = [];
  const env = { ...process.env, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC: topic, DATA_DIR: killed.dir, IOT_ENV_FILE: '/nonexistent/.env', LOG_LEVEL: 'warn' };
  const consumeArgs = ['consume', '--trigger', '0.2', '--max-per-batch', '150', '--topic', topic, '--group', `${topic}-group`];
  const iotStep = (args: string[]) => {
    const run = spawnSync(process.execPath, [iot, ...args], { env, encoding: 'utf8' });
    assert.is(run.status, 0, `iot ${args.join(' ')}: ${run.stderr}`);
  };
  try {
    await createTopic(brokers, topic, 3);
    const { messages } = alertCaseReadings(9, 600, 120, 0.003);
    await sendKeyed(brokers, topic, messages);
    const config = testConfig(killed.dir);
    const killSome = async () => {
      for (let round = 0; round < killsPerHalf; round++) {
        const before = committedBatches(config.paths.checkpoint);
        const consumer = spawnIot([...consumeArgs, '--duration', '0'], env);
        children.push(consumer.child);
        await waitFor(() => committedBatches(config.paths.checkpoint) > before, { timeoutMs: 20_000, intervalMs: 20 });
        await sleep(Math.random() * 800);
        await killNine(consumer.child);
      }
    };
    await killSome();
    // Halfway a consumer stops cleanly (as a cycle's does), then a merge and an ETL (out_of_range readings are the ETL's rejects): alerts raised before are cleared in the next archive.
    iotStep([...consumeArgs, '--duration', '2']);
    iotStep(['merge']);
    iotStep(['etl', '--all', '--on-invalid', 'quarantine']);
    const openHalfway = querySqlite<{ n: number }>(killed.dir, 'SELECT COUNT(*) AS n FROM sensor_alert WHERE cleared_at IS NULL')[0].n;
    await killSome();
    await consumeAvailable(config, brokers, topic, { ...cliDefaults, maxPerBatch: 150 });
    iotStep(['merge']);
    iotStep(['etl', '--all', '--on-invalid', 'quarantine']);

    await consumeAvailable(testConfig(reference.dir), brokers, topic, { ...cliDefaults, maxPerBatch: 150, group: `${topic}-reference` });
    const expected = alertEvents(testConfig(reference.dir).paths.output);
    assert.ok(expected.length >= 10, 'the readings raise alerts of every kind');
    const alerts = querySqlite<{ alert_id: string; rule: string; raised_at: string; cleared_at: string | null; detail: string }>(killed.dir, 'SELECT alert_id, rule, raised_at, cleared_at, detail FROM sensor_alert ORDER BY alert_id');
    const events = querySqlite<{ alert_id: string; event: string }>(killed.dir, 'SELECT alert_id, event FROM sensor_alert_event ORDER BY alert_id, event');
    process.stdout.write(`${alerts.length} alerts in sensor_alert (${openHalfway} open after the first archive), ${expected.length} events in the uninterrupted run\n`);

    assert.equal(events.map((event) => `${event.alert_id}:${event.event}`), expected.map((event) => `${event.alert_id}:${event.event}`), 'each raise and clear loaded once');
    const raises = expected.filter((event) => event.event === 'raised');
    assert.equal(alerts.map((alert) => [alert.alert_id, alert.rule, alert.raised_at, alert.cleared_at, alert.detail]), raises.map((raise) => {
      const clear = expected.find((event) => event.alert_id === raise.alert_id && event.event === 'cleared');
      return [raise.alert_id, raise.rule, raise.raised_at, clear?.cleared_at ?? null, raise.detail];
    }), 'one row per alert, as the uninterrupted run raised and cleared it');
    assert.ok(openHalfway > 0, 'some alert raised in the first archive was cleared in the second');
    const log = querySqlite<{ status: string }>(killed.dir, `SELECT status FROM "ETL_Log" WHERE job_name = 'etl_sensor_alert'`);
    assert.equal(log.map((row) => row.status), ['SUCCESS', 'SUCCESS']);
  } finally {
    for (const child of children) await killNine(child);
    killed.cleanup();
    reference.cleanup();
  }
});

test.run();
