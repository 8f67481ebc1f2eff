import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { consumeAvailable, createTopic, distinctReadings, partFiles, sendValues } from '../../test/support/stream/fixtures';

const root = join(__dirname, '..', '..', '..');

function consume(dataDir: string, topic: string) {
  return spawnSync(process.execPath, ['scripts/iot.js', 'consume', '--duration', '3', '--trigger', '0.2', '--topic', topic, '--group', `${topic}-group`], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, KAFKA_BROKERS: testBrokers().join(',') },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('a corrupt checkpoint file, or one of another topic, stops `iot consume` with exit 2 and how to reset; nothing is reprocessed', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-corrupt');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 2);
    await sendValues(brokers, topic, distinctReadings(300).map((reading) => JSON.stringify(reading)), 2);
    const config = testConfig(scratch.dir);
    await consumeAvailable(config, brokers, topic, { maxPerBatch: 100 });
    const filesBefore = partFiles(config.paths.output);

    const otherTopic = consume(scratch.dir, `${topic}-other`);
    assert.is(otherTopic.status, 2, otherTopic.stderr);
    assert.match(otherTopic.stderr, 'CHECKPOINT_OTHER_TOPIC');
    assert.match(otherTopic.stderr, `--topic ${topic}`);

    const offsetsDir = join(config.paths.checkpoint, 'offsets');
    const last = readdirSync(offsetsDir).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b)).at(-1)!;
    writeFileSync(join(offsetsDir, last), 'v1\n{"batchId": 2, "topic": "');
    const corrupt = consume(scratch.dir, topic);
    assert.is(corrupt.status, 2, corrupt.stderr);
    assert.match(corrupt.stderr, 'error [CHECKPOINT_CORRUPT]');
    assert.match(corrupt.stderr, join(offsetsDir, last));
    assert.match(corrupt.stderr, `delete ${config.paths.checkpoint}`);
    assert.equal(partFiles(config.paths.output), filesBefore, 'no part file was written or removed');
  } finally {
    scratch.cleanup();
  }
});

test.run();
