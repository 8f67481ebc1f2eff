// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from './logger';
import { progressReporter } from './progress';

function capture() {
  const records: Array<Record<string, unknown>> = [];
  const logger = createLogger({ component: 'etl', format: 'json', write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, records };
}

test('off a terminal, a long job logs progress events with done, total, unit and percent', () => {
  const { logger, records } = capture();
  const progress = progressReporter({ label: 'etl big.csv', total: 200 * 1024 * 1024, unit: 'bytes', logger, tty: false, everyMs: 0 });
  progress.update(50 * 1024 * 1024);
  progress.update(100 * 1024 * 1024);
  progress.finish();
  assert.equal(records.map((record) => [record.event, record.task, record.percent, record.unit]), [
    ['progress', 'etl big.csv', 25, 'bytes'],
    ['progress', 'etl big.csv', 50, 'bytes'],
  ]);
});

test('a small job shows no progress at all', () => {
  const { logger, records } = capture();
  const progress = progressReporter({ label: 'merge 3 parts', total: 1024, unit: 'bytes', logger, tty: false, everyMs: 0 });
  progress.update(512);
  progress.finish();
  assert.is(records.length, 0);
});

test('updates closer together than the interval are dropped', () => {
  const { logger, records } = capture();
  const progress = progressReporter({ label: 'etl', total: 100, unit: 'rows', logger, tty: false, minTotal: 0, everyMs: 60_000 });
  for (let done = 1; done <= 100; done++) progress.update(done);
  assert.is(records.length, 1);
});

test.run();
