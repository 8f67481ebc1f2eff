import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createProducer, ensureTopic, readTopicToEnd, withAdmin } from '../../kafka';
import { silentLogger } from '../../log';
import { freePort, scratchDir, testConfig } from '../../../test/support';
import { isAlive, sleep } from '../../process';
import { kafkaService, nativeNodeStates } from '.';

const iot = join(__dirname, '..', '..', '..', '..', 'scripts', 'iot.js');

test('`iot services up kafka` with KAFKA_NODES=3: three nodes, a topic replicated 3 times (2 in sync), a round trip before and after a node is killed with kill -9, and `down` leaves no process', async () => {
  const scratch = scratchDir();
  const port = await freePort(6);
  const settings = { KAFKA_PORT: String(port), KAFKA_NODES: '3', KAFKA_RUNTIME: 'native', KAFKA_BROKERS: '' };
  const env = { ...process.env, DATA_DIR: scratch.dir, ...settings };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [iot, 'services', ...args], { env, encoding: 'utf8', timeout: 150_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const cluster = { home: join(scratch.dir, 'services', 'kafka'), port, nodes: 3 };
  const client = { brokers: [port, port + 1, port + 2].map((each) => `127.0.0.1:${each}`), clientId: 'spec' };
  const roundTrip = async (value: string) => {
    // Retries past the controller fencing the killed node and moving its leaders, which a loaded machine can stretch beyond 10 s.
    const producer = createProducer(client, { idempotent: true, acks: -1, retries: 20 });
    try {
      await producer.send({ messages: [{ topic: 'replicated', key: Buffer.from('1'), value: Buffer.from(value) }] });
    } finally {
      await producer.close();
    }
    return (await readTopicToEnd(client, 'replicated')).map((record) => record.value);
  };
  try {
    assert.is(run('up', 'kafka').code, 0);
    const status = run('status', 'kafka');
    assert.is(status.code, 0);
    assert.match(status.stdout, new RegExp(`kafka\\s+native\\s+ready at 127\\.0\\.0\\.1:${port},127\\.0\\.0\\.1:${port + 1},127\\.0\\.0\\.1:${port + 2}`));
    assert.match(status.stdout, /node 1 up \(pid \d+, :\d+\), node 2 up \(pid \d+, :\d+\), node 3 up/);
    for (const id of [1, 2, 3]) assert.ok(existsSync(join(cluster.home, String(id), 'kraft-logs', 'meta.properties')), `node ${id} has its own storage`);

    await ensureTopic(client, 'replicated', 3);
    const topic = await withAdmin(client, async (admin) => (await admin.metadata({ topics: ['replicated'] })).topics.get('replicated')!);
    assert.equal(topic.partitions.map((partition) => partition.replicas.length), [3, 3, 3]);
    const configs = await withAdmin(client, (admin) => admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: 'replicated', configurationKeys: ['min.insync.replicas'] }] }));
    assert.is(configs[0].configs.find((entry) => entry.name === 'min.insync.replicas')?.value, '2');
    assert.equal(await roundTrip('before'), ['before']);

    const victim = nativeNodeStates(cluster)[1];
    process.kill(victim.pid!, 'SIGKILL');
    await sleep(1_000);
    assert.match(run('status', 'kafka').stdout, /node 2 down/);
    assert.equal(await roundTrip('after'), ['before', 'after'], 'two of three nodes still take acks=all writes');

    assert.is(run('up', 'kafka').code, 0, 'up starts the lost node again');
    const pids = nativeNodeStates(cluster).map((state) => state.pid!);
    assert.is(pids.length, 3);
    assert.is(run('down', 'kafka').code, 0);
    for (const pid of pids) assert.not.ok(isAlive(pid), `node process ${pid} is gone`);
    const after = run('status', 'kafka');
    assert.is(after.code, 1);
    assert.match(after.stdout, /kafka\s+stopped\s+not ready/);
  } finally {
    await kafkaService(testConfig(scratch.dir, settings), silentLogger).down();
    scratch.cleanup();
  }
});

test.run();
