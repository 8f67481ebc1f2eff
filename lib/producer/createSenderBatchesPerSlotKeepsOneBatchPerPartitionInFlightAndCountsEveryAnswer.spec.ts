// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Delivery } from './delivery';
import { OutgoingMessage } from './messageSource';
import { createSender } from './sender';
import { createTally } from './tally';

const message = (index: number, partitions: number): OutgoingMessage => ({ key: Buffer.from(`k${index}`), value: `v${index}`, partition: index % partitions, kind: 'valid' });

/** A delivery that answers after `delayMs`, fails the batches `fails` says, and records what was in flight. */
function fakeDelivery(options: { delayMs?: number; fails?: (batch: readonly OutgoingMessage[]) => boolean } = {}) {
  const inFlight = new Map<number, number>();
  const record = { batches: [] as OutgoingMessage[][], maxInFlightPerPartition: 0, maxInFlight: 0 };
  let flying = 0;
  const delivery: Delivery = {
    open: async () => undefined,
    close: async () => undefined,
    async send(batch) {
      record.batches.push([...batch]);
      const partitions = [...new Set(batch.map((entry) => entry.partition))];
      for (const partition of partitions) inFlight.set(partition, (inFlight.get(partition) ?? 0) + 1);
      flying++;
      record.maxInFlight = Math.max(record.maxInFlight, flying);
      record.maxInFlightPerPartition = Math.max(record.maxInFlightPerPartition, ...partitions.map((partition) => inFlight.get(partition)!));
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 2));
      flying--;
      for (const partition of partitions) inFlight.set(partition, inFlight.get(partition)! - 1);
      if (options.fails?.(batch)) throw new Error('not acknowledged');
    },
  };
  return { delivery, record };
}

test('full batches go out as they fill, the rest on flush; every message is sent once and acknowledged', async () => {
  const { delivery, record } = fakeDelivery();
  const tally = createTally();
  const sender = createSender({ delivery, sendsInFlight: 3, batchSize: 10, lingerMs: 60_000, tally });
  try {
    for (let index = 0; index < 95; index++) sender.add(message(index, 6));
    await sender.flush();
    assert.is(sender.backlog(), 0);
    const sent = record.batches.flat().map((entry) => entry.value).sort();
    assert.equal(sent, Array.from({ length: 95 }, (_, index) => `v${index}`).sort(), 'each message once');
    assert.ok(record.batches.every((batch) => batch.length <= 10), 'no batch above batchSize');
    assert.ok(record.batches.every((batch) => new Set(batch.map((entry) => entry.partition % 3)).size === 1), 'a batch holds one slot\'s partitions');
    assert.equal([tally.sent, tally.acknowledged, tally.failed], [95, 95, 0]);
  } finally {
    sender.close();
  }
});

test('a partition never has two batches in flight, while the slots send side by side', async () => {
  const { delivery, record } = fakeDelivery({ delayMs: 5 });
  const sender = createSender({ delivery, sendsInFlight: 4, batchSize: 5, lingerMs: 1, tally: createTally() });
  try {
    for (let index = 0; index < 400; index++) sender.add(message(index, 8));
    await sender.flush();
    assert.is(record.maxInFlightPerPartition, 1);
    assert.ok(record.maxInFlight > 1 && record.maxInFlight <= 4, `${record.maxInFlight} in flight`);
  } finally {
    sender.close();
  }
});

test('a partly filled batch goes out after lingerMs without a flush', async () => {
  const { delivery, record } = fakeDelivery();
  const sender = createSender({ delivery, sendsInFlight: 1, batchSize: 1_000, lingerMs: 5, tally: createTally() });
  try {
    sender.add(message(1, 1));
    await sender.whenBelow(1);
    assert.equal(record.batches.map((batch) => batch.length), [1]);
  } finally {
    sender.close();
  }
});

test('after a failed batch: failure() names it, what is queued counts as failed, and sent = acknowledged + failed', async () => {
  const { delivery } = fakeDelivery({ fails: (batch) => batch.some((entry) => entry.value === 'v7') });
  const tally = createTally();
  const sender = createSender({ delivery, sendsInFlight: 1, batchSize: 4, lingerMs: 60_000, tally });
  try {
    for (let index = 0; index < 40; index++) sender.add(message(index, 1));
    await sender.whenBelow(1);
    await sender.flush();
    assert.match(String(sender.failure()?.message), 'not acknowledged');
    assert.is(sender.backlog(), 0);
    assert.is(tally.sent, 40);
    assert.is(tally.acknowledged + tally.failed, 40);
    assert.ok(tally.failed >= 4, `${tally.failed} failed`);
    assert.is(tally.acknowledged % 4, 0, 'whole batches acknowledged');
  } finally {
    sender.close();
  }
});

test.run();
