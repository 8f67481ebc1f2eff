import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir, startOwnKafka, uniqueTopic } from '../../test/support';
import { createTopic, csvRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { csvLine } from '../schema';
import { sleep, waitFor, withinTimeout } from '../process';

const root = join(__dirname, '..', '..', '..');

interface Consumer { child: ChildProcess; stderr: () => string; exit: Promise<number | null> }

function startConsumer(dataDir: string, brokers: string[], topic: string, extra: string[]): Consumer {
  const args = ['scripts/iot.js', 'consume', '--duration', '0', '--trigger', '0.5', '--topic', topic, '--group', `${topic}-group`, ...extra];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'info', LOG_FORMAT: 'json' } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}

const events = (stderr: string, event: string) => stderr.split('\n').filter((line) => line.includes(`"event":"${event}"`));
/** The consumer's outage and group-commit lines, for a failure message: what it noticed, and when. */
const outageLog = (stderr: string) => stderr.split('\n').filter((line) => /"event":"stream\.(kafka_outage|group_commit_failed|start|stop)/.test(line)).join('\n');

test('broker stopped for 20 s and started again: the consumer waits it out, logs the outage once, and resumes with every reading once', async () => {
  const scratch = scratchDir();
  const kafka = await startOwnKafka(scratch.dir);
  let consumer: Consumer | undefined;
  try {
    const topic = uniqueTopic('stream-outage');
    await createTopic(kafka.brokers, topic, 3);
    const readings = distinctReadings(4_000);
    await sendValues(kafka.brokers, topic, readings.slice(0, 2_000).map((reading) => JSON.stringify(reading)), 3);
    consumer = startConsumer(scratch.dir, kafka.brokers, topic, ['--max-outage', '120']);
    const output = join(scratch.dir, 'output');
    assert.ok(await waitFor(() => csvRows(output).length === 2_000, { timeoutMs: 30_000, intervalMs: 200 }), 'the first readings are written');

    await kafka.stop(1);
    await sleep(20_000);
    assert.is(consumer.child.exitCode, null, 'the consumer is still running after 20 s without a broker');
    // Noticed while it lasts, not only once the broker is back: the client's own retries must not hide it.
    assert.is(events(consumer.stderr(), 'stream.kafka_outage').length, 1, `the outage is logged while the broker is down:\n${outageLog(consumer.stderr())}`);
    await kafka.restart();
    await sendValues(kafka.brokers, topic, readings.slice(2_000).map((reading) => JSON.stringify(reading)), 3);
    assert.ok(await waitFor(() => csvRows(output).length >= 4_000, { timeoutMs: 60_000, intervalMs: 200 }), `all readings written after the outage (${csvRows(output).length})`);

    consumer.child.kill('SIGTERM');
    assert.is(await consumer.exit, 0);
    assert.equal(sortedCopy(csvRows(output)), sortedCopy(readings.map(csvLine)), 'every reading exactly once');
    assert.is(events(consumer.stderr(), 'stream.kafka_outage').length, 1, `the outage is logged once:\n${outageLog(consumer.stderr())}`);
    assert.is(events(consumer.stderr(), 'stream.kafka_outage_over').length, 1, `and its end once:\n${outageLog(consumer.stderr())}`);
  } finally {
    consumer?.child.kill('SIGKILL');
    await kafka.down();
    scratch.cleanup();
  }
});

test('broker down longer than --max-outage: exit 1 with KAFKA_OUTAGE and the hint that a rerun resumes exactly', async () => {
  const scratch = scratchDir();
  const kafka = await startOwnKafka(scratch.dir);
  let consumer: Consumer | undefined;
  try {
    const topic = uniqueTopic('stream-outage-long');
    await createTopic(kafka.brokers, topic, 3);
    await sendValues(kafka.brokers, topic, distinctReadings(500).map((reading) => JSON.stringify(reading)), 3);
    consumer = startConsumer(scratch.dir, kafka.brokers, topic, ['--max-outage', '6']);
    assert.ok(await waitFor(() => csvRows(join(scratch.dir, 'output')).length === 500, { timeoutMs: 30_000, intervalMs: 200 }));
    await kafka.kill9(1);
    const killed = Date.now();
    const code = await withinTimeout(consumer.exit, 60_000, 'the consumer giving up').catch(() => 'timeout');
    const seconds = (Date.now() - killed) / 1000;
    assert.is(code, 1, `exit code (${consumer.stderr().slice(-800)})`);
    assert.ok(seconds >= 6 && seconds < 40, `gave up after ${seconds} s`);
    assert.match(consumer.stderr(), 'KAFKA_OUTAGE');
    assert.match(consumer.stderr(), '--max-outage 6');
    assert.match(consumer.stderr(), 'Rerunning `iot consume` resumes exactly');
  } finally {
    consumer?.child.kill('SIGKILL');
    await kafka.down();
    scratch.cleanup();
  }
});

test.run();
