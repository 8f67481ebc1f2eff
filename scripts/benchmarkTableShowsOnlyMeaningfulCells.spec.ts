// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BenchResults } from '../bench/results';
import { benchTable } from './readme';

const results: BenchResults = {
  run: { date: '2026-12-02T00:45:00.000Z', machine: '2 × CPU', stages: ['consumer', 'merge'] },
  figures: [
    { name: 'consumer.e2e_p95_vs_trigger_plus_1s', value: 0.49, unit: 'ratio' },
    { name: 'consumer.e2e_p95_ms', value: 971, unit: 'ms' },
    { name: 'merge.rows_per_s', value: 1_315_789, unit: 'rows/s' },
    { name: 'pandas_merge.rows_per_s', value: 433_015, unit: 'rows/s' },
    { name: 'merge.speedup_vs_pandas', value: 3.04, unit: 'x (goal ≥ 3)' },
    { name: 'merge.rows_vs_pandas', value: 3.0387, unit: 'ratio' },
    { name: 'scale.consumers_2.vs_1', value: 1.52, unit: 'ratio' },
  ],
  targets: [
    { target: { stage: 'consumer', figure: 'consumer.e2e_p95_vs_trigger_plus_1s', op: '<=', value: 1, baseline: 'consumer.e2e_p95_ms', what: 'p95' }, verdict: 'met', measured: 0.49, bound: 1, baseline: { name: 'consumer.e2e_p95_ms', value: 971 } },
    { target: { stage: 'merge', figure: 'merge.rows_per_s', op: '>=', times: 3, of: 'pandas_merge.rows_per_s', what: 'rows' }, verdict: 'met', measured: 1_315_789, bound: 1_299_045, baseline: { name: 'pandas_merge.rows_per_s', value: 433_015 } },
  ],
};

const table = benchTable(results);

test('a baseline of another unit is shown without a ratio (no "→ 0.00 ×")', () => {
  const row = table.split('\n').find((line) => line.includes('consumer.e2e_p95_vs_trigger_plus_1s'))!;
  assert.match(row, '`consumer.e2e_p95_ms` 971 |');
  assert.not.match(row, '→');
});

test('a baseline of the same unit gets its ratio', () => {
  assert.match(table.split('\n').find((line) => line.includes('`merge.rows_per_s`'))!, '`pandas_merge.rows_per_s` 433,015 → 3.04 ×');
});

test('figures that restate a target (a goal, or a ratio the target rows show) are not listed as without a target', () => {
  const untargeted = table.slice(table.indexOf('without a target'));
  assert.not.match(untargeted, 'merge.speedup_vs_pandas');
  assert.not.match(untargeted, 'merge.rows_vs_pandas');
  assert.match(untargeted, '`scale.consumers_2.vs_1` | 1.52 ratio |');
});

test.run();
