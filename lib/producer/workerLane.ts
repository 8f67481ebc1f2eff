import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '../log';
import { packBatch } from './batchPacking';
import { Lane } from './lane';
import { LaneReply, LaneRequest, LaneWorkerData } from './laneWorker';
import { OutgoingMessage } from './messageSource';

/** A Lane whose producer runs in its own worker thread; same contract: one batch at a time. */
export function createWorkerLane(data: LaneWorkerData, logger: Logger): Lane {
  const worker = new Worker(join(__dirname, 'laneWorker.js'), { workerData: data });
  const pending = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let closed: (() => void) | undefined;
  let nextId = 0;
  let crashed: Error | undefined;
  worker.on('message', (reply: LaneReply) => {
    if (reply.type === 'closed') return closed?.();
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'sent') return waiter?.resolve();
    logger.warn('producer.batch.failed', { error: reply.error });
    waiter?.reject(new Error(reply.error));
  });
  worker.on('error', (error) => {
    crashed = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  const request = (make: (id: number) => LaneRequest, transfer: ArrayBuffer[] = []) => {
    if (crashed) return Promise.reject(crashed);
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage(make(id), transfer);
    });
  };
  return {
    open: () => request((id) => ({ type: 'open', id })),
    send(batch: OutgoingMessage[]) {
      const packed = packBatch(batch);
      return request((id) => ({ type: 'send', id, batch: packed }), [packed]);
    },
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ type: 'close' } satisfies LaneRequest);
        setTimeout(resolve, 10_000).unref();
      });
      await worker.terminate();
    },
  };
}
