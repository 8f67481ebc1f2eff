import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextSequence } from './producerSequence';

test('sequences advance by the record count and wrap to 0 after 2^31 - 1, as the broker expects', () => {
  assert.is(nextSequence(0, 2_000), 2_000);
  assert.is(nextSequence(2 ** 31 - 2_000, 1_999), 2 ** 31 - 1);
  assert.is(nextSequence(2 ** 31 - 2_000, 2_000), 0);
  assert.is(nextSequence(2 ** 31 - 1, 5), 4);
});

test.run();
