/**
 * Entry of a lane's worker thread: one idempotent producer fed packed
 * batches by the main thread (`threads: true`). Off by default: since the
 * lane encodes record batches itself (about 1 µs a record, not kafkajs's 8),
 * packing a batch for a thread costs about what encoding it does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createKafkaClient } from '../kafka';
import { silentLogger } from '../log';
import { unpackBatch } from './batchPacking';
import { createLane } from './lane';

export interface LaneWorkerData {
  brokers: string[];
  topic: string;
}

export type LaneRequest = { type: 'open'; id: number } | { type: 'send'; id: number; batch: ArrayBuffer } | { type: 'close' };
export type LaneReply = { type: 'sent'; id: number } | { type: 'failed'; id: number; error: string } | { type: 'closed' };

if (parentPort) {
  const port = parentPort;
  const { brokers, topic } = workerData as LaneWorkerData;
  const lane = createLane(createKafkaClient({ brokers, clientId: 'iot-producer' }), topic, silentLogger);
  port.on('message', (request: LaneRequest) => {
    if (request.type === 'close') {
      void lane.close().finally(() => port.postMessage({ type: 'closed' } satisfies LaneReply));
      return;
    }
    const done = request.type === 'open' ? lane.open() : lane.send(unpackBatch(request.batch));
    done.then(
      () => port.postMessage({ type: 'sent', id: request.id } satisfies LaneReply),
      (error: Error) => port.postMessage({ type: 'failed', id: request.id, error: `${error.name}: ${error.message}` } satisfies LaneReply),
    );
  });
}
