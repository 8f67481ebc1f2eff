// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRandom } from './seededRandom';
import { numberText, readingJson } from './readingJson';

test('numbers print as String() prints them: two decimals, integers, negatives, zero, and others', () => {
  const random = createRandom(3);
  const values = [0, -0, 1, -1, 0.1, 0.01, -0.05, 12.5, 99.99, -40, 85, 1e21, 1 / 3, 1e-7, 123456789.12, Number.MAX_SAFE_INTEGER, NaN, Infinity];
  for (let index = 0; index < 100_000; index++) values.push(Math.round(random.between(-200, 300) * 100) / 100, random.between(-1e6, 1e6));
  for (const value of values) assert.is(numberText(value), String(value), `value ${value}`);
});

test('a reading is the text JSON.stringify gives', () => {
  const reading = { sensor_id: 7, temperature: -3.1, humidity: 40.05, timestamp: '2026-11-26 12:00:00' };
  assert.is(readingJson(reading), JSON.stringify(reading));
  assert.is(readingJson({ ...reading, timestamp: '2026-11-26 12:00:01' }), JSON.stringify({ ...reading, timestamp: '2026-11-26 12:00:01' }));
});

test.run();
