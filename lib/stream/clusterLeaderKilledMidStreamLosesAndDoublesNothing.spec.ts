import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureTopic, readTopicToEnd, withAdmin } from '../kafka';
import { csvLine, SensorReading } from '../schema';
import { scratchDir, startOwnKafka, uniqueTopic } from '../../test/support';
import { csvRows, sortedCopy } from '../../test/support/stream/fixtures';
import { sleep, waitFor } from '../process';

const root = join(__dirname, '..', '..', '..');

interface Run { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> }

function iot(dataDir: string, brokers: string[], args: string[]): Run {
  const child = spawn(process.execPath, ['scripts/iot.js', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'warn' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}


test('three-node cluster, the leader of a partition killed with kill -9 during `iot produce --rate 2000` and `iot consume`: neither exits, every acknowledged reading is in the part files exactly once', async () => {
  const scratch = scratchDir();
  const kafka = await startOwnKafka(scratch.dir, 3);
  const client = { brokers: kafka.brokers, clientId: 'spec' };
  const runs: Run[] = [];
  try {
    const topic = uniqueTopic('cluster-leader-kill');
    await ensureTopic(client, topic, 3);
    const replicas = await withAdmin(client, async (admin) => (await admin.metadata({ topics: [topic] })).topics.get(topic)!.partitions.map((partition) => partition.replicas.length));
    assert.equal(replicas, [3, 3, 3], 'each partition has 3 replicas');

    const producer = iot(scratch.dir, kafka.brokers, ['produce', '--rate', '2000', '--duration', '24', '--sensors', '50', '--topic', topic, '--json']);
    const consumer = iot(scratch.dir, kafka.brokers, ['consume', '--duration', '0', '--trigger', '1', '--topic', topic, '--group', `${topic}-group`]);
    runs.push(producer, consumer);
    await sleep(8_000);
    const leader = await withAdmin(client, async (admin) => (await admin.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)!.partitions[0].leader);
    await kafka.kill9(leader);
    process.stdout.write(`killed node ${leader}, the leader of partition 0\n`);

    assert.is(await producer.exit, 0, `the producer rides out the lost leader (${producer.stderr().slice(-600)})`);
    const summary = JSON.parse(producer.stdout().trim().split('\n').pop()!) as { acknowledged: number; failed: number; sent: number };
    assert.is(summary.failed, 0, 'nothing left unacknowledged');
    assert.ok(summary.acknowledged > 30_000, `acknowledged ${summary.acknowledged}`);

    const inTopic = await readTopicToEnd(client, topic);
    assert.is(inTopic.length, summary.acknowledged, 'the topic holds each acknowledged reading once: no resend was written twice');
    const output = join(scratch.dir, 'output');
    assert.ok(await waitFor(() => csvRows(output).length >= inTopic.length, { timeoutMs: 60_000, intervalMs: 500 }), `the consumer writes them all (${csvRows(output).length} of ${inTopic.length})`);
    assert.is(consumer.child.exitCode, null, `the consumer never exited (${consumer.stderr().slice(-600)})`);
    consumer.child.kill('SIGTERM');
    assert.is(await consumer.exit, 0);
    const expected = inTopic.map((record) => csvLine(JSON.parse(record.value!) as SensorReading));
    assert.equal(sortedCopy(csvRows(output)), sortedCopy(expected), 'every reading in the part files exactly once');
  } finally {
    for (const run of runs) run.child.kill('SIGKILL');
    await kafka.down();
    scratch.cleanup();
  }
});

test.run();
