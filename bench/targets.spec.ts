// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchTable } from './readmeTable';
import { checkTargets, loadTargets, Target } from './targets';

const targets: Target[] = [
  { stage: 'producer', figure: 'producer.msgs_per_s', op: '>=', value: 150_000, baseline: 'kafka_perf_test.msgs_per_s', what: 'max rate' },
  { stage: 'producer', figure: 'producer.msgs_per_s', op: '>=', times: 0.5, of: 'kafka_perf_test.msgs_per_s', what: 'vs Kafka' },
  { stage: 'consumer', figure: 'consumer.peak_rss_mb_1m', op: '<=', value: 160, what: '1M backlog' },
  { stage: 'merge', figure: 'merge.peak_rss_mb', op: '<=', times: 1, of: 'pandas_merge.peak_rss_mb', what: 'memory' },
];

test('a figure is met, missed against a same-run baseline, or missing; stages that did not run are left out', () => {
  const figures = [
    { name: 'producer.msgs_per_s', value: 120_000, unit: 'msgs/s' },
    { name: 'kafka_perf_test.msgs_per_s', value: 200_000, unit: 'msgs/s' },
    { name: 'merge.peak_rss_mb', value: 150, unit: 'MB' },
  ];
  const checks = checkTargets(targets, figures, ['producer', 'consumer']);
  assert.equal(checks.map((check) => [check.target.figure, check.verdict, check.bound]), [
    ['producer.msgs_per_s', 'missed', 150_000],
    ['producer.msgs_per_s', 'met', 100_000],
    ['consumer.peak_rss_mb_1m', 'missing', 160],
  ]);
  assert.equal(checks[0].baseline, { name: 'kafka_perf_test.msgs_per_s', value: 200_000 });
});

test('a relative target whose baseline was not produced is missing, not met', () => {
  const [check] = checkTargets(targets, [{ name: 'merge.peak_rss_mb', value: 1, unit: 'MB' }], ['merge']);
  assert.is(check.verdict, 'missing');
  assert.is(check.missing, 'pandas_merge.peak_rss_mb');
});

test('bench/targets.json parses and names a stage, op and bound for every target', () => {
  const committed = loadTargets();
  assert.ok(committed.length >= 10, `${committed.length} targets`);
  assert.ok(committed.some((target) => target.figure === 'dashboard.latency_p95_ms'));
});

test('the README table shows the run date, machine, and each figure with its target, baseline ratio and verdict', () => {
  const checks = checkTargets(targets, [{ name: 'producer.msgs_per_s', value: 300_000, unit: 'msgs/s' }, { name: 'kafka_perf_test.msgs_per_s', value: 150_000, unit: 'msgs/s' }], ['producer']);
  const figures = [{ name: 'producer.msgs_per_s', value: 300_000, unit: 'msgs/s' }, { name: 'kafka_perf_test.msgs_per_s', value: 150_000, unit: 'msgs/s' }, { name: 'scale.consumers_2.vs_1', value: 1.52, unit: 'ratio' }];
  const table = benchTable({ run: { date: '2026-12-01T20:00:00.000Z', machine: '2 × Test CPU', stages: ['producer'] }, figures, targets: checks });
  assert.match(table, '2026-12-01 20:00 UTC on 2 × Test CPU');
  assert.match(table, '| producer | `producer.msgs_per_s` (max rate) | ≥ 150,000 | 300,000 msgs/s | `kafka_perf_test.msgs_per_s` 150,000 msgs/s → 2.00 × | met |');
  assert.match(table, '| producer | `producer.msgs_per_s` (vs Kafka) | ≥ 0.5 × kafka_perf_test.msgs_per_s (= 75,000) | 300,000 msgs/s |');
  assert.match(table, '| `scale.consumers_2.vs_1` | 1.52 ratio |', 'a figure without a target is listed below');
  assert.not.match(table, '| `producer.msgs_per_s` |', 'a targeted figure is not listed again');
});

test('the README table compares a figure with its baseline only when both are the same kind of quantity', () => {
  const latency: Target = { stage: 'consumer', figure: 'consumer.e2e_p95_vs_trigger_plus_1s', op: '<=', value: 1, baseline: 'consumer.e2e_p95_ms', what: 'p95 <= trigger + 1 s' };
  const figures = [{ name: 'consumer.e2e_p95_vs_trigger_plus_1s', value: 0.49, unit: 'ratio' }, { name: 'consumer.e2e_p95_ms', value: 971, unit: 'ms' }];
  const table = benchTable({ run: { date: '2026-12-01T20:00:00.000Z', machine: 'm', stages: ['consumer'] }, figures, targets: checkTargets([latency], figures, ['consumer']) });
  assert.match(table, '| 0.49 ratio | `consumer.e2e_p95_ms` 971 ms | met |');
  assert.not.match(table, '→');
});

test.run();
