// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
