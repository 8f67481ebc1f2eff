// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRules, checkStructure, formatTimestamp } from '../schema';
import { invalidKinds, invalidValue } from './invalidMessages';
import { createRandom } from './seededRandom';

const random = createRandom(11);
const reading = { sensor_id: 7, temperature: 22.41, humidity: 48.3, timestamp: formatTimestamp(new Date()) };

/** What the consumer's structure check, then the ETL's rules, make of a raw value. */
function verdict(raw: string): string {
  const structure = checkStructure(raw);
  if (!structure.ok) return structure.reason;
  const rules = checkRules(structure.reading).map((violation) => violation.rule);
  if (rules.length === 0) return 'valid';
  if (rules.every((rule) => rule === 'timestamp_invalid')) return 'bad_timestamp';
  if (rules.every((rule) => rule.endsWith('_out_of_range'))) return 'out_of_range';
  return rules.join('+');
}

for (const kind of invalidKinds) {
  test(`${kind} is caught as ${kind}, every time`, () => {
    for (let index = 0; index < 500; index++) {
      const raw = invalidValue(kind, reading, random);
      assert.is(verdict(raw), kind, raw);
    }
  });
}

test('a good reading serialised is valid', () => {
  assert.is(verdict(JSON.stringify(reading)), 'valid');
});

test.run();
