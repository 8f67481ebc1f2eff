import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const runner = join(root, 'dist', 'scripts', 'test.js');

test('the fast tier runs without any service and prints its result; the last line stays "N passed, N failed, N skipped"', () => {
  const { KAFKA_BROKERS: _brokers, TEST_POSTGRES_URL: _postgres, ...env } = process.env;
  const result = spawnSync(process.execPath, [runner, '--fast', 'rangesOverlapWhenTwoBatches', 'kWayMergeInterleaves'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  assert.is(result.status, 0, result.stdout + result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  const tier = lines.findIndex((line) => /^fast tier \(2 spec files, no services, [\d.]+ s\): \d+ passed, 0 failed, 0 skipped$/.test(line));
  assert.ok(tier >= 0, result.stdout);
  assert.match(lines[lines.length - 1], /^\d+ passed, 0 failed, 0 skipped$/);
  assert.not.match(result.stdout + result.stderr, /kafka\.native\.started|postgres/i, 'no service was started');
});

test('the tier a spec belongs to is its first line: specs marked fast claim no service', () => {
  const marked = ['lib/stream/engine/rangesOverlapWhenTwoBatchesShareAnOffsetOfAPartition.spec.ts', 'lib/process/retryPolicyGrowsToItsCapWithJitterAndStopsWhenToldOrPastItsBound.spec.ts'];
  for (const spec of marked) assert.ok(readFileSync(join(root, spec), 'utf8').startsWith('// fast tier: needs no service\n'), spec);
  const services = readFileSync(join(root, 'lib/kafka/wrongPasswordFailsWithinThirtySecondsNamingMechanismAndUser.spec.ts'), 'utf8');
  assert.not.ok(services.startsWith('// fast tier'), 'a spec that starts a broker is not in the fast tier');
});

test.run();
