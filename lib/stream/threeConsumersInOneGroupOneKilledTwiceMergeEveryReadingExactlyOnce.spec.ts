import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Config } from '../config';
import { backups, csvRows } from '../../test/support/cycle';
import { csvHeader, csvLine } from '../schema';
import { Checkpoint, OffsetsEntry } from './checkpoint';
import { partFileName } from './sink';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { createTopic, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { committedRows, groupCommittedTotal, Instance, killNine, startInstance, stopInstance } from '../../test/support/stream/group';
import { sleep, waitFor } from '../process';

const readingCount = 200_000;
const partitions = 12;
const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

/** A dead instance's checkpoint with batch 0 planned and its part file written and logged, but no commit marker. */
function plantUncommittedPart(config: Config, topic: string, lines: string[]): string {
  const checkpoint = Checkpoint.open(join(config.paths.checkpoint, 'dead'), { topic, group: 'spec' });
  try {
    const entry: OffsetsEntry = { batchId: 0, topic, start: { 0: 0 }, end: { 0: lines.length }, format: 'csv', plannedAt: new Date().toISOString(), instance: 'dead' };
    const path = join(config.paths.output, partFileName(entry, 'csv'));
    checkpoint.offsets.add(0, entry);
    writeFileSync(path, [csvHeader, ...lines].join('\n') + '\n');
    checkpoint.sinks.add(0, { batchId: 0, files: [{ path: relative(config.paths.data, path), kind: 'part', rows: lines.length, bytes: statSync(path).size }] });
    return path;
  } finally {
    checkpoint.close();
  }
}

test(`three consumers in one group over ${partitions} partitions and ${readingCount} readings, one killed with kill -9 twice and restarted: the merged archive holds every reading exactly once`, async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('group-kill9');
  const group = `${topic}-group`;
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  const running: Instance[] = [];
  try {
    await createTopic(brokers, topic, partitions);
    const readings = distinctReadings(readingCount);
    await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), partitions);
    for (const id of ['a', 'b', 'c']) running.push(startInstance(scratch.dir, topic, group, id));
    // Until all three share the topic: the kills then hit an instance that owns partitions and writes batches.
    assert.ok(await waitFor(async () => running.every((instance) => instance.stderr().includes('stream.assignment')), { timeoutMs: 60_000, intervalMs: 250 }), 'all three were assigned partitions');

    for (let kill = 0; kill < 2; kill++) {
      const before = committedRows(config);
      assert.ok(await waitFor(async () => committedRows(config) > before, { timeoutMs: 30_000, intervalMs: 250 }), 'the group is writing before the kill');
      await sleep(Math.random() * 1_500);
      const victim = running.findIndex((instance) => instance.id === 'c');
      await killNine(running[victim]);
      process.stdout.write(`kill -9 of c after ${committedRows(config)} committed rows\n`);
      await sleep(500 + Math.random() * 1_500);
      running[victim] = startInstance(scratch.dir, topic, group, 'c');
    }

    assert.ok(await waitFor(async () => (await groupCommittedTotal(group, topic)) === readingCount, { timeoutMs: 120_000, intervalMs: 500 }), 'the group committed every offset');
    for (const instance of running) assert.is(await stopInstance(instance), 0, instance.stderr().slice(-2_000));
    const checkpoints = readdirSync(config.paths.checkpoint).sort();
    assert.equal(checkpoints.filter((name) => ['a', 'b', 'c'].includes(name)), ['a', 'b', 'c'], 'one checkpoint per instance');
    assert.ok(readdirSync(config.paths.output).filter((name) => name.startsWith('part-c-')).length > 0, 'part file names carry the instance id');
    assert.is(committedRows(config), readingCount, 'the committed batches of all instances hold every reading once');

    // What a kill -9 between writing a part file and committing leaves, by an instance that never comes back.
    const leftover = plantUncommittedPart(config, topic, readings.slice(0, 500).map((reading) => csvLine(reading)));
    const merged = spawnSync(process.execPath, [iot, 'merge'], { env: { ...process.env, DATA_DIR: scratch.dir, IOT_ENV_FILE: '/nonexistent/.env', KAFKA_TOPIC: topic }, encoding: 'utf8' });
    assert.is(merged.status, 0, merged.stderr);
    const archived = backups(scratch.dir).flatMap((file) => csvRows(file));
    assert.is(archived.length, readingCount, 'nothing lost, nothing doubled');
    assert.equal(sortedCopy(archived), sortedCopy(readings.map((reading) => csvLine(reading))));
    assert.not.ok(existsSync(leftover), 'the dead instance\'s uncommitted part was removed after the archive, never archived');
  } finally {
    for (const instance of running) await killNine(instance);
    scratch.cleanup();
  }
});

test.run();
