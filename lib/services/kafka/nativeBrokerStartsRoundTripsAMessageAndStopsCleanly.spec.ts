import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProducer, ensureTopic, readTopicToEnd } from '../../kafka';
import { silentLogger } from '../../log';
import { freePort, scratchDir, testConfig } from '../../../test/support';
import { readPid, isAlive } from '../../process';
import { kafkaService } from '.';

const iot = join(__dirname, '..', '..', '..', '..', 'scripts', 'iot.js');

test('`iot services up kafka` starts a native broker that round-trips a message, and `down` leaves no process', async () => {
  const scratch = scratchDir();
  const port = await freePort(true);
  const env = { ...process.env, DATA_DIR: scratch.dir, KAFKA_PORT: String(port), KAFKA_RUNTIME: 'native', KAFKA_BROKERS: '' };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [iot, 'services', ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const pidFile = join(scratch.dir, 'services', 'kafka', 'kafka.pid');
  try {
    const started = Date.now();
    assert.is(run('up', 'kafka').code, 0);
    const status = run('status', 'kafka');
    assert.is(status.code, 0);
    assert.match(status.stdout, /kafka\s+native\s+ready at 127\.0\.0\.1:/);
    assert.ok(Date.now() - started < 60_000, 'ready within 60 s');

    const client = { brokers: [`127.0.0.1:${port}`], clientId: 'spec' };
    await ensureTopic(client, 'roundtrip', 1);
    const producer = createProducer(client, { idempotent: true, acks: -1 });
    await producer.send({ messages: [{ topic: 'roundtrip', key: Buffer.from('1'), value: Buffer.from('hello kafka') }] });
    await producer.close();
    const received = await readTopicToEnd(client, 'roundtrip');
    assert.equal(received.map((record) => record.value), ['hello kafka']);

    const pid = readPid(pidFile)!;
    assert.is(run('down', 'kafka').code, 0);
    assert.not.ok(isAlive(pid), 'the broker process is gone');
    const after = run('status', 'kafka');
    assert.is(after.code, 1, 'status of a stopped service exits 1');
    assert.match(after.stdout, /kafka\s+stopped\s+not ready/);
  } finally {
    const kafka = kafkaService(testConfig(scratch.dir, { KAFKA_PORT: String(port), KAFKA_RUNTIME: 'native', KAFKA_BROKERS: '' }), silentLogger);
    await kafka.down();
    scratch.cleanup();
  }
});

test.run();
