import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../schema';
import { backups, csvRows } from '../../test/support/cycle';
import { createTopic, csvRows as partRows, distinctReadings, sendValues, sortedCopy } from '../../test/support/stream/fixtures';
import { scratchDir, testBrokers, uniqueTopic } from '../../test/support';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');
const isRoot = process.getuid?.() === 0;
/** Root ignores permission bits, so "unwritable" is made with mounts: a small tmpfs, a read-only bind mount. */
const maybe = isRoot ? test : test.skip;

function run(args: string[], dataDir: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [iot, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, IOT_ENV_FILE: '/nonexistent/.env', LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const consume = (topic: string) => ['consume', '--duration', '8', '--trigger', '0.3', '--max-per-batch', '5000', '--topic', topic, '--group', `${topic}-group`];

/** Mounts that a failed assertion must not leave behind. */
const mounted: string[] = [];
function mount(...args: string[]): void {
  execFileSync('mount', args);
  mounted.push(args[args.length - 1]);
}
function unmountAll(): void {
  for (const point of mounted.splice(0).reverse()) spawnSync('umount', ['-l', point]);
}

async function topicWith(count: number): Promise<{ topic: string; env: Record<string, string>; lines: string[] }> {
  const brokers = testBrokers();
  const topic = uniqueTopic('storage');
  await createTopic(brokers, topic, 2);
  const readings = distinctReadings(count);
  await sendValues(brokers, topic, readings.map((reading) => JSON.stringify(reading)), 2);
  return { topic, env: { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC: topic }, lines: readings.map((reading) => csvLine(reading)) };
}

maybe('a full disk stops the consumer with STORAGE_ENOSPC naming the path, exit 1; with space freed the rerun loses and doubles nothing', async () => {
  const scratch = scratchDir();
  try {
    const { topic, env, lines } = await topicWith(60_000);
    const dataDir = join(scratch.dir, 'small-disk');
    mkdirSync(dataDir);
    mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dataDir);
    const full = run(consume(topic), dataDir, env);
    assert.is(full.status, 1, full.stderr);
    assert.match(full.stderr, new RegExp(`error \\[STORAGE_ENOSPC\\]: Could not .*: ${dataDir}/\\S+: the disk is full \\(ENOSPC\\)\\. Nothing was lost`));
    assert.match(full.stderr, /free space on that file system.*run `iot consume` again: it redoes the open batch/is);
    assert.not.match(full.stderr, /UNEXPECTED|    at /);

    execFileSync('mount', ['-o', 'remount,size=64m', dataDir]);
    const rerun = run(consume(topic), dataDir, env);
    assert.is(rerun.status, 0, rerun.stderr);
    assert.equal(sortedCopy(partRows(join(dataDir, 'output'))), sortedCopy(lines), 'every reading once in the parts');
  } finally {
    unmountAll();
    scratch.cleanup();
  }
});

maybe('a read-only output folder stops the consumer with STORAGE_EROFS (exit 1), a read-only backup folder the merge; after remounting, reruns archive every reading once', async () => {
  const scratch = scratchDir();
  try {
    const { topic, env, lines } = await topicWith(20_000);
    const output = join(scratch.dir, 'output');
    const backup = join(scratch.dir, 'backup');
    mkdirSync(output, { recursive: true });
    mkdirSync(backup, { recursive: true });
    mount('--bind', output, output);
    execFileSync('mount', ['-o', 'remount,ro,bind', output]);
    const refused = run(consume(topic), scratch.dir, env);
    assert.is(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`error \\[STORAGE_EROFS\\]: Could not .*${output}.*read-only \\(EROFS\\)\\. Nothing was lost`));
    unmountAll();

    assert.is(run(consume(topic), scratch.dir, env).status, 0);
    mount('--bind', backup, backup);
    execFileSync('mount', ['-o', 'remount,ro,bind', backup]);
    const parts = readdirSync(output).sort();
    const merge = run(['merge'], scratch.dir, env);
    assert.is(merge.status, 1, merge.stderr);
    assert.match(merge.stderr, new RegExp(`error \\[STORAGE_EROFS\\]: Could not write the backup in ${backup}`));
    assert.match(merge.stderr, /run `iot merge` again/);
    assert.equal(readdirSync(output).sort(), parts, 'nothing deleted');
    unmountAll();

    const again = run(['merge'], scratch.dir, env);
    assert.is(again.status, 0, again.stderr);
    assert.equal(sortedCopy(backups(scratch.dir).flatMap((file) => csvRows(file))), sortedCopy(lines));
  } finally {
    unmountAll();
    scratch.cleanup();
  }
});

test('DATA_DIR naming a file: consume and merge exit 2 with STORAGE_ENOTDIR naming DATA_DIR, no stack trace', async () => {
  const scratch = scratchDir();
  try {
    const file = join(scratch.dir, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const { topic, env } = await topicWith(10);
    for (const args of [consume(topic), ['merge']]) {
      const result = run(args, file, env);
      assert.is(result.status, 2, `${args[0]}: ${result.stderr}`);
      assert.match(result.stderr, /error \[STORAGE_ENOTDIR\]/);
      assert.match(result.stderr, new RegExp(`DATA_DIR=${file} must name a writable folder`));
      assert.not.match(result.stderr, /UNEXPECTED|    at /);
    }
  } finally {
    scratch.cleanup();
  }
});

test.run();
