import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CompressionAlgorithmValue, compressionsAlgorithms } from '@platformatic/kafka';
import { createConsumer } from '../kafka';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { createTopic, csvRows, distinctReadings, sortedCopy } from '../../test/support/stream/fixtures';
import { consoleProduce } from '../../test/support/kafka/kafkaTools';

const root = join(__dirname, '..', '..', '..');
const codecs: CompressionAlgorithmValue[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const readingsPerCodec = 4_000;
const topics = new Map(codecs.map((codec) => [codec, uniqueTopic(`stream-codec-${codec}`)]));
const readings = new Map(codecs.map((codec, index) => [codec, distinctReadings(readingsPerCodec, 1 + index * readingsPerCodec)]));

/** The codec bits of the record batches at the start of partition 0, read back through the client's public fetch. */
async function codecsOnDisk(topic: string): Promise<number[]> {
  const consumer = createConsumer({ brokers: testBrokers(), clientId: 'codec-check' }, `${topic}-check`);
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const { id, partitions } = metadata.topics.get(topic)!;
    const response = await consumer.fetch({
      node: partitions[0].leader, maxWaitTime: 100,
      topics: [{ topicId: id, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
    });
    const batches = response.responses.flatMap((entry) => entry.partitions).flatMap((partition) => partition.records ?? []);
    return [...new Set(batches.map((batch) => batch.attributes & 0x07))];
  } finally {
    await consumer.close();
  }
}

test.before(async () => {
  await Promise.all(codecs.map(async (codec) => {
    await createTopic(testBrokers(), topics.get(codec)!, 3);
    await consoleProduce(topics.get(codec)!, readings.get(codec)!.map((reading) => JSON.stringify(reading)), { codec });
  }));
});

for (const codec of codecs) {
  test(`a topic the Java producer wrote with compression.type=${codec} is consumed by \`iot consume\`: every reading once`, async () => {
    const topic = topics.get(codec)!;
    assert.equal(await codecsOnDisk(topic), [compressionsAlgorithms[codec].bitmask], `the topic holds ${codec} batches`);
    const scratch = scratchDir();
    try {
      const run = spawnSync(process.execPath, ['scripts/iot.js', 'consume', '--duration', '4', '--trigger', '0.5', '--topic', topic, '--group', `${topic}-group`], {
        cwd: root, env: { ...process.env, DATA_DIR: scratch.dir, KAFKA_BROKERS: testBrokers().join(','), LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000,
      });
      assert.is(run.status, 0, run.stderr);
      assert.match(run.stdout, `consumed ${readingsPerCodec} records`);
      const rows = csvRows(testConfig(scratch.dir).paths.output);
      assert.is(rows.length, readingsPerCodec, 'no reading lost or doubled');
      assert.equal(sortedCopy(rows), sortedCopy(readings.get(codec)!.map(csvLine)));
    } finally {
      scratch.cleanup();
    }
  });
}

test.run();
