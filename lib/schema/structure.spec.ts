import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkStructure } from './structure';

const valid = { sensor_id: 3, temperature: 21.5, humidity: 40.25, timestamp: '2026-11-26 10:00:00' };

test('a complete reading passes and keeps its values', () => {
  const result = checkStructure(JSON.stringify(valid));
  assert.equal(result, { ok: true, reading: valid });
});

test('each structural fault gets its own reason', () => {
  const reasons = [
    '{not json',
    '[1,2]',
    JSON.stringify({ ...valid, humidity: undefined }),
    JSON.stringify({ ...valid, humidity: null }),
    JSON.stringify({ ...valid, sensor_id: 'three' }),
    JSON.stringify({ ...valid, timestamp: '' }),
  ].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : result.reason; });
  assert.equal(reasons, ['unparseable', 'not_an_object', 'missing_field', 'null_field', 'wrong_type', 'empty_value']);
});

test.run();
