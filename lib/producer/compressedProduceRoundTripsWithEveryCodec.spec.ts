import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd } from '../kafka';
import { checkStructure } from '../schema';
import { scratchDir, testBrokers, uniqueTopic } from '../../test/support';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');
const count = 2_000;

for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
  test(`iot produce --compression ${codec}: every acknowledged reading reads back once`, async () => {
    const brokers = testBrokers();
    const topic = uniqueTopic(`produce-${codec}`);
    const scratch = scratchDir();
    try {
      const result = spawnSync(process.execPath, [iot, 'produce', '--topic', topic, '--count', String(count), '--rate', 'max', '--compression', codec, '--json'], {
        env: { ...process.env, KAFKA_BROKERS: brokers.join(','), DATA_DIR: scratch.dir }, encoding: 'utf8', timeout: 60_000,
      });
      assert.is(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
      assert.is(summary.acknowledged, count);
      const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
      assert.is(records.length, count);
      assert.ok(records.every((record) => checkStructure(record.value).ok), 'every value a reading');
    } finally {
      scratch.cleanup();
    }
  });
}

test('iot produce --compression brotli: a usage error naming the codecs, exit 2', () => {
  const result = spawnSync(process.execPath, [iot, 'produce', '--count', '1', '--compression', 'brotli'], { env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' }, encoding: 'utf8', timeout: 30_000 });
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stderr, /--compression/);
  assert.match(result.stderr, /none, gzip, snappy, lz4, zstd/);
});

test.run();
