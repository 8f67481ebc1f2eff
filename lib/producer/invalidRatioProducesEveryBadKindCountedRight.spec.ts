import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd } from '../kafka';
import { silentLogger } from '../log';
import { checkRules, checkStructure } from '../schema';
import { testBrokers, uniqueTopic } from '../../test/support';
import { messageKinds, runProducer } from '.';
import { invalidKinds } from './invalidMessages';

/** Which kind a raw message is, judged only by the consumer's check and the ETL's rules. */
function judge(raw: string | null): string {
  const structure = checkStructure(raw);
  if (!structure.ok) return structure.reason;
  const rules = checkRules(structure.reading).map((violation) => violation.rule);
  if (rules.length === 0) return 'valid';
  return rules.includes('timestamp_invalid') ? 'bad_timestamp' : 'out_of_range';
}

test('--invalid-ratio 0.2 produces every bad kind, and the summary counts each right', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-invalid');
  const summary = await runProducer({ brokers, topic, sensors: 10, rate: 'max', count: 6_000, invalidRatio: 0.2, partitions: 3, logger: silentLogger });
  const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
  const found = Object.fromEntries(messageKinds.map((kind) => [kind, 0])) as Record<string, number>;
  for (const record of records) found[judge(record.value)]++;
  assert.equal(found, summary.byKind);
  // Duplicates come from --duplicate-ratio alone: --invalid-ratio makes the valid reading and every bad kind.
  for (const kind of ['valid', ...invalidKinds] as const) assert.ok(summary.byKind[kind] > 100, `${kind}: ${summary.byKind[kind]}`);
  assert.is(summary.byKind.duplicate, 0);
  const invalid = 6_000 - summary.byKind.valid;
  assert.ok(invalid > 1_000 && invalid < 1_400, `invalid ${invalid} of 6,000`);
});

test.run();
