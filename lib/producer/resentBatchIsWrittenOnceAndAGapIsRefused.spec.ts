import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKafkaClient, ensureTopic, openCluster, readTopicToEnd } from '../kafka';
import { testBrokers, uniqueTopic } from '../testing';
import { produceRequest } from './produceRequest';
import { encodeRecordBatch } from './recordBatch';

// What the lane's retries rely on, asked of the real broker: resending the same bytes after a lost
// acknowledgement writes nothing twice, and a batch numbered past a gap is refused, not written.
test('a batch resent with the same producer id and sequence is written once; a sequence gap is refused', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-resend');
  const kafka = createKafkaClient({ brokers, clientId: 'spec' });
  await ensureTopic({ brokers, clientId: 'spec' }, topic, 1);
  const cluster = await openCluster(kafka, topic);
  try {
    const { producerId, producerEpoch } = await (await cluster.findControllerBroker()).initProducerId({ transactionTimeout: 60_000 });
    const batchFrom = (baseSequence: number) => encodeRecordBatch(
      Array.from({ length: 100 }, (_, index) => ({ key: Buffer.from('1'), value: `{"n":${baseSequence + index}}` })),
      { producerId: BigInt(producerId), producerEpoch, baseSequence }, Date.now(),
    );
    const send = async (batch: Buffer) => {
      const [nodeId] = Object.keys(cluster.findLeaderForPartitions(topic, [0]));
      const [answer] = await (await cluster.findBroker({ nodeId })).connectionPool.send(produceRequest({ topic, acks: -1, timeoutMs: 30_000, batches: new Map([[0, batch]]) }));
      return answer.errorCode;
    };
    const first = batchFrom(0);
    assert.is(await send(first), 0);
    assert.ok([0, 46].includes(await send(first)), 'the copy is acknowledged as written (NONE or DUPLICATE_SEQUENCE_NUMBER)');
    assert.is(await send(batchFrom(100)), 0);
    assert.is(await send(batchFrom(300)), 45, 'OUT_OF_ORDER_SEQUENCE_NUMBER');

    const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
    assert.equal(records.map((record) => record.value), Array.from({ length: 200 }, (_, n) => `{"n":${n}}`));
  } finally {
    await cluster.disconnect();
  }
});

test.run();
