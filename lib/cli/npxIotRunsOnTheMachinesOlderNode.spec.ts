import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { scratchDir, skipTest, uniqueTopic } from '../../test/support';
import { validLines } from '../../test/support/etl/fixtures';
import { csvHeader } from '../schema';

/**
 * The README's `npx iot …` runs on whatever `node` is first on PATH. Here that is the machine's own
 * older Node (20): the bin must re-run itself on the project's Node, and native modules (better-sqlite3,
 * built for that Node) must load.
 */
const root = join(__dirname, '..', '..', '..');

function olderNode(): string | undefined {
  const found = spawnSync('bash', ['-c', 'which -a node'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return found.find((node) => {
    const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = version.split('.').map(Number);
    return version !== '' && (major < 22 || (major === 22 && minor < 22));
  });
}

const node = olderNode();
const npx = node && join(dirname(node), 'npx');
if (!node || !npx || !existsSync(npx)) {
  skipTest('npx iot produce and npx iot etl succeed with an older Node first on PATH', 'no Node older than 22.22 with npx on this machine');
} else {
  const scratch = scratchDir('iot-old-node-');
  const env = {
    ...process.env,
    PATH: [dirname(node), ...(process.env.PATH ?? '').split(delimiter)].join(delimiter),
    DATA_DIR: scratch.dir,
    DATABASE_URL: `sqlite:${join(scratch.dir, 'warehouse.db')}`,
    LOG_LEVEL: 'error',
    npm_config_loglevel: 'error',
  };
  const npxIot = (args: string[]) => spawnSync(npx, ['iot', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });

  test(`with ${node} first on PATH, npx iot --version runs on the project's Node`, () => {
    const result = npxIot(['--version']);
    assert.is(result.status, 0, result.stderr);
    const [major, minor] = result.stdout.match(/Node v(\d+)\.(\d+)/)!.slice(1).map(Number);
    assert.ok(major > 22 || (major === 22 && minor >= 22), result.stdout);
  });

  test('npx iot produce --count 10 succeeds and says 10 were acknowledged', () => {
    const result = npxIot(['produce', '--count', '10', '--topic', uniqueTopic('old-node'), '--json']);
    assert.is(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    assert.is(summary.acknowledged, 10, result.stdout);
  });

  test('npx iot etl loads an archived file into SQLite (better-sqlite3 built for the project\'s Node)', () => {
    const backup = join(scratch.dir, 'backup');
    mkdirSync(backup, { recursive: true });
    writeFileSync(join(backup, 'sensor_data_20260101_000000.csv'), [csvHeader, ...validLines(25)].join('\n') + '\n');
    const result = npxIot(['etl', '--json']);
    assert.is(result.status, 0, result.stderr);
    const job = JSON.parse(result.stdout.trim().split('\n').pop()!) as { status: string; recordsProcessed: number };
    assert.is(job.status, 'SUCCESS');
    assert.is(job.recordsProcessed, 25);
  });

  test.after(() => scratch.cleanup());
}
test.run();
