import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { kafkaTopics } from '../../test/support/kafka/kafkaTools';
import { consumeAvailable } from '../../test/support/stream/fixtures';
import { archivedRows, expectedRows, failureOf, merge, produceReadings, startStream, waitForRows } from '../../test/support/stream/exactlyOnce';

test('the checkpoint removed under a running consumer stops it with a StorageError naming the folder; following the hint, every reading is archived once', async () => {
  const topic = uniqueTopic('vanished');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const stream = startStream(config, topic, group);
  try {
    await kafkaTopics(['--create', '--topic', topic, '--partitions', '3']);
    const before = await produceReadings(topic, 500, 1);
    await waitForRows(config, 500);
    rmSync(config.paths.checkpoint, { recursive: true });
    const after = await produceReadings(topic, 300, 10_000);

    const stopped = await failureOf(stream);
    assert.is(stopped.code, 'STORAGE_ENOENT', stopped.message);
    assert.match(stopped.message, config.paths.checkpoint);
    assert.match(stopped.hint ?? '', 'run `iot consume` again');

    // The hint: consume again (it finishes from the checkpoint written back), then merge.
    await consumeAvailable(config, testBrokers(), topic, { group });
    const merged = await merge(config);
    assert.is(merged.rows, 800);
    assert.equal(archivedRows(scratch.dir), expectedRows([...before, ...after]));
  } finally {
    stream.stop();
    await stream.done.catch(() => undefined);
    scratch.cleanup();
  }
});

test.run();
