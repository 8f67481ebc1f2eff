import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { csvLine } from '../schema';
import { backups, csvRows, startIot, stopIot } from '../../test/support/cycle';
import { consumeAvailable, createTopic, distinctReadings, partFiles, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { waitFor } from '../process';
import { lockFileName, readHolder } from '../lock';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { join } from 'node:path';

const first = 100_000;
const second = 20_000;
const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

test('a consumer started while a merge of many parts holds the data folder waits for it, then neither loses its checkpoint nor doubles a row', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('merge-race');
  const scratch = scratchDir();
  const env = { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC: topic };
  const runs: ReturnType<typeof startIot>[] = [];
  try {
    const config = testConfig(scratch.dir);
    await createTopic(brokers, topic, 3);
    const readings = distinctReadings(first + second);
    await sendValues(brokers, topic, readings.slice(0, first).map((reading) => JSON.stringify(reading)), 3);
    // Parquet parts: the merge takes its polars path, seconds long for 400 parts; the CSV parts' merge is too quick to race.
    await consumeAvailable(config, brokers, topic, { maxPerBatch: 250, triggerSeconds: 0.01, format: 'parquet' });
    const parts = partFiles(config.paths.output, 'parquet').length;
    assert.ok(parts >= 390, `many parts make a long merge (${parts})`);
    await sendValues(brokers, topic, readings.slice(first).map((reading) => JSON.stringify(reading)), 3);

    const merge = startIot(['merge'], scratch.dir, env);
    runs.push(merge);
    // The consumer starts while the merge holds the data folder: it must wait for it.
    const holding = await waitFor(() => readHolder(join(scratch.dir, lockFileName))?.pid === merge.child.pid, { timeoutMs: 30_000, intervalMs: 20 });
    assert.ok(holding, 'the merge holds the data folder');
    // No --duration: the merge may take longer than any fixed run on a busy machine; it is stopped once it has read the rest.
    const consumer = startIot(['consume', '--duration', '0', '--trigger', '0.5', '--topic', topic, '--group', `${topic}-group`, '--lock-wait', '300'], scratch.dir, env);
    runs.push(consumer);
    const merged = await merge.done;
    assert.is(merged.code, 0, merged.stderr);
    const rowsRead = () => [...consumer.stderr().matchAll(/stream\.batch\s+batch=\d+ rows=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    assert.ok(await waitFor(() => rowsRead() >= second, { timeoutMs: 180_000, intervalMs: 250 }), `the consumer read ${rowsRead()} of ${second} rows`);
    consumer.child.kill('SIGINT');
    const consumed = await consumer.done;
    assert.is(consumed.code, 0, consumed.stderr);
    assert.not.match(consumed.stderr, /ENOENT|UNEXPECTED/);
    assert.match(consumed.stderr, /stream\.waiting_for_data_folder .*iot merge \(pid \d+/, 'the consumer met the running merge and waited for it');
    assert.match(consumed.stdout, new RegExp(`consumed ${second} records`), 'the consumer read exactly what the merge had not archived');

    const again = spawnSync(process.execPath, [iot, 'merge'], { env: { ...process.env, DATA_DIR: scratch.dir, IOT_ENV_FILE: '/nonexistent/.env', ...env }, encoding: 'utf8' });
    assert.is(again.status, 0, again.stderr);
    const archived = backups(scratch.dir).flatMap((file) => csvRows(file));
    assert.is(archived.length, first + second, 'nothing lost, nothing doubled');
    assert.equal(sortedCopy(archived), sortedCopy(readings.map((reading) => csvLine(reading))));
  } finally {
    for (const run of runs) await stopIot(run);
    scratch.cleanup();
  }
});

test.run();
