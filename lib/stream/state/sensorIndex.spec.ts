// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SensorIndex } from './sensorIndex';

test('sensor ids get dense numbers in order of first sight, the same number every time after', () => {
  const index = new SensorIndex();
  const ids = [7, 1, 70_000, -3, 7, 2 ** 40, 1, 0, 65_535, 65_536];
  assert.equal(ids.map((id) => index.of(id)), [0, 1, 2, 3, 0, 4, 1, 5, 6, 7]);
  assert.is(index.size, 8);
});

test('a thousand sensors numbered out of order keep their numbers while the array grows', () => {
  const index = new SensorIndex();
  const ids = Array.from({ length: 1_000 }, (_, n) => ((n * 7_919) % 1_000) + 1);
  const numbers = ids.map((id) => index.of(id));
  assert.equal(numbers, ids.map((_, n) => n));
  assert.equal(ids.map((id) => index.of(id)), numbers);
});

test.run();
