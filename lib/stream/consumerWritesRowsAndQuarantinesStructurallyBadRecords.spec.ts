import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { consumeAvailable, createTopic, csvRows, distinctReadings, partFiles, quarantinedRecords, sendValues, sortedCopy } from '../../test/support/stream/fixtures';

test('valid rows (out-of-range values and bad timestamps included) reach part files; each bad kind is quarantined with its reason', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-quarantine');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 3);
    const good = distinctReadings(3_000);
    const judgedByEtl = [
      { sensor_id: 900001, temperature: 500, humidity: 40, timestamp: '2026-11-26 10:00:00' },
      { sensor_id: 900002, temperature: 20, humidity: -3, timestamp: '2026-11-26 10:00:00' },
      { sensor_id: 900003, temperature: 20, humidity: 40, timestamp: '26/11/2026 10:00' },
      { sensor_id: 900004, temperature: 20, humidity: 40, timestamp: '2026-02-30 10:00:00' },
    ];
    const bad: Array<[string | null, string]> = [
      ['{"sensor_id": 1, "temperature": 2', 'unparseable'],
      ['not json at all', 'unparseable'],
      [JSON.stringify({ sensor_id: 1, temperature: 20, timestamp: '2026-11-26 10:00:00' }), 'missing_field'],
      [JSON.stringify({ sensor_id: 'one', temperature: 20, humidity: 40, timestamp: '2026-11-26 10:00:00' }), 'wrong_type'],
      [JSON.stringify({ sensor_id: 1, temperature: '20', humidity: 40, timestamp: '2026-11-26 10:00:00' }), 'wrong_type'],
      [JSON.stringify({ sensor_id: 1, temperature: 20, humidity: 40, timestamp: '' }), 'empty_value'],
      ['', 'empty_value'],
      [null, 'empty_value'],
      [JSON.stringify({ sensor_id: 1, temperature: null, humidity: 40, timestamp: '2026-11-26 10:00:00' }), 'null_field'],
      ['[1,2,3]', 'not_an_object'],
    ];
    const values = [...good, ...judgedByEtl].map((reading) => JSON.stringify(reading) as string | null);
    bad.forEach(([value], index) => values.splice(index * 97, 0, value));
    await sendValues(brokers, topic, values, 3);

    const config = testConfig(scratch.dir);
    const summary = await consumeAvailable(config, brokers, topic, { maxPerBatch: 1_000 });

    const expectedRows = sortedCopy([...good, ...judgedByEtl].map(csvLine));
    assert.equal(sortedCopy(csvRows(config.paths.output)), expectedRows);
    const quarantined = quarantinedRecords(config.paths.quarantine);
    assert.equal(sortedCopy(quarantined.map((record) => `${record.reason}|${record.value}`)), sortedCopy(bad.map(([value, reason]) => `${reason}|${value}`)));
    assert.ok(quarantined.every((record) => Number.isInteger(record.partition) && Number.isInteger(record.offset)));
    assert.is(summary.rowsWritten + summary.rowsQuarantined, values.length, 'written + quarantined = produced');
    assert.is(summary.rowsWritten, expectedRows.length);
    assert.ok(summary.batches >= 3, `maxPerBatch splits the backlog (${summary.batches} batches)`);
    assert.is(partFiles(config.paths.output).length, summary.partFiles);
    assert.ok(partFiles(config.paths.output).every((name) => /^part-\d{5}-[0-9a-f]{16}\.csv$/.test(name)));
    const progress = readFileSync(join(config.paths.checkpoint, 'progress.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.is(progress.length, summary.batches);
    assert.equal(Object.keys(progress[0].lag).sort(), ['0', '1', '2']);
    assert.equal(progress.at(-1).lag, { 0: 0, 1: 0, 2: 0 });
  } finally {
    scratch.cleanup();
  }
});

test('a run with nothing new writes no file and resumes where the last one ended', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-empty');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 2);
    await sendValues(brokers, topic, distinctReadings(10).map((reading) => JSON.stringify(reading)), 2);
    const config = testConfig(scratch.dir);
    const first = await consumeAvailable(config, brokers, topic);
    const second = await consumeAvailable(config, brokers, topic);
    assert.is(first.rowsWritten, 10);
    assert.is(second.batches, 0);
    assert.is(second.startedFrom, 'checkpoint');
    assert.is(partFiles(config.paths.output).length, 1);
  } finally {
    scratch.cleanup();
  }
});

test('gzip-compressed record batches are read like uncompressed ones', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-gzip');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 2);
    const readings = distinctReadings(2_000);
    await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), 2, 'gzip');
    const config = testConfig(scratch.dir);
    await consumeAvailable(config, brokers, topic, { maxPerBatch: 777 });
    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy(readings.map(csvLine)));
  } finally {
    scratch.cleanup();
  }
});

test.run();
