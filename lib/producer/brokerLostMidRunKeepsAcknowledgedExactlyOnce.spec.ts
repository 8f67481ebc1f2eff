import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd, waitForKafka } from '../kafka';
import { createLogger, silentLogger } from '../log';
import { startNativeBroker, stopNativeBroker } from '../services/kafka/nativeBroker';
import { freePort, scratchDir, testConfig, uniqueTopic } from '../../test/support';
import { createMessageSource } from './messageSource';
import { runProducer } from '.';
import { sleep } from '../process';

const withoutTime = (value: string) => value.replace(/"timestamp":"[^"]*"/, '');

function sentByPartition(count: number): string[][] {
  const source = createMessageSource({ sensors: 20, partitions: 3, seed: 9, invalidRatio: 0, startSecondOfDay: 9 });
  const partitions: string[][] = [[], [], []];
  for (let index = 0; index < count; index++) {
    const message = source.next();
    partitions[message.partition].push(withoutTime(message.value));
  }
  return partitions;
}

function partitionsOf(records: { partition: number; value: string | null }[]): string[][] {
  const partitions: string[][] = [[], [], []];
  for (const record of records) partitions[record.partition].push(withoutTime(record.value ?? ''));
  return partitions;
}

/** Our own broker for this spec alone: it gets stopped and started mid-run. */
async function startBroker(home: string, cacheDir: string, port: number): Promise<void> {
  await startNativeBroker({ home, cacheDir, port }, silentLogger);
  const brokers = [`127.0.0.1:${port}`];
  await waitForKafka({ brokers, clientId: 'spec' }, 120_000);
}

test('broker lost mid-run: the producer retries, and every acknowledged message is in the topic exactly once', async () => {
  const scratch = scratchDir();
  const home = join(scratch.dir, 'kafka');
  const port = await freePort(true);
  const brokers = [`127.0.0.1:${port}`];
  const abort = new AbortController();
  try {
    await startBroker(home, testConfig(scratch.dir).cacheDir, port);
    const topic = uniqueTopic('produce-broker-lost');
    const run = runProducer({ brokers, topic, sensors: 20, rate: 1_000, seed: 9, invalidRatio: 0, partitions: 3, logger: createLogger({ component: 'spec', level: 'warn' }), signal: abort.signal });
    await sleep(3_000);
    await stopNativeBroker(home);
    await sleep(2_000);
    await startBroker(home, testConfig(scratch.dir).cacheDir, port);
    await sleep(3_000);
    abort.abort();
    const summary = await run;
    process.stdout.write(`summary after the outage: ${JSON.stringify({ sent: summary.sent, acknowledged: summary.acknowledged, failed: summary.failed })}\n`);

    const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
    assert.ok(summary.acknowledged > 1_000, `acknowledged ${summary.acknowledged}`);
    assert.is(summary.acknowledged + summary.failed, summary.sent);
    assert.ok(records.length >= summary.acknowledged && records.length <= summary.sent, `topic ${records.length}, acknowledged ${summary.acknowledged}, sent ${summary.sent}`);
    // Readings repeat by chance (same sensor, same second, same rounded values), so compare each
    // partition with what the seeded source sent it, in order: a duplicate or a gap shows as a mismatch.
    // Messages that failed are the unacknowledged tail of a partition, so each partition is a prefix of what was sent.
    const sent = sentByPartition(summary.sent);
    partitionsOf(records).forEach((written, partition) => assert.equal(written, sent[partition].slice(0, written.length), `partition ${partition}`));
  } finally {
    abort.abort();
    await stopNativeBroker(home);
    scratch.cleanup();
  }
});

test.run();
