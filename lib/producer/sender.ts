import { Delivery } from './delivery';
import { OutgoingMessage } from './messageSource';
import { countOutcome, countSent, Tally } from './tally';

export interface SenderOptions {
  delivery: Delivery;
  /**
   * Batches in flight at once. Each slot owns the partitions `partition %
   * sendsInFlight` and has one batch in flight, so a partition never has two:
   * a retried batch cannot be overtaken by the next one (which the broker
   * would refuse as out of sequence).
   */
  sendsInFlight: number;
  /** Messages per send: large amortises the per-request cost, in our process and the broker's. */
  batchSize: number;
  /** A partly filled batch goes out after this long (paced runs send a few messages at a time). */
  lingerMs: number;
  tally: Tally;
}

interface Slot {
  queue: OutgoingMessage[];
  busy: boolean;
}

export interface Sender {
  add(message: OutgoingMessage): void;
  /** Messages queued or in flight. */
  backlog(): number;
  /** Resolves once the backlog is below `limit` (or the sender has failed). */
  whenBelow(limit: number): Promise<void>;
  /** The first batch that could not be delivered within its retries; set once. */
  failure(): Error | undefined;
  /** Sends everything queued and waits for every answer; after a failure, counts what is queued as failed instead. */
  flush(): Promise<void>;
  close(): void;
}

/** Batches messages per slot, keeps each slot busy, and counts each answer in the tally. */
export function createSender(options: SenderOptions): Sender {
  const slots: Slot[] = Array.from({ length: options.sendsInFlight }, () => ({ queue: [], busy: false }));
  let backlog = 0;
  let failure: Error | undefined;
  let waiters: Array<() => void> = [];
  const wake = () => { const woken = waiters; waiters = []; for (const resolve of woken) resolve(); };

  const pump = (slot: Slot, partial: boolean) => {
    if (slot.busy || slot.queue.length === 0 || (!partial && slot.queue.length < options.batchSize)) return;
    if (failure) return dropQueued(slot);
    const batch = slot.queue.splice(0, options.batchSize);
    slot.busy = true;
    options.delivery.send(batch).then(
      () => countOutcome(options.tally, batch, true),
      (error: Error) => { failure ??= error; countOutcome(options.tally, batch, false); },
    ).finally(() => {
      slot.busy = false;
      backlog -= batch.length;
      pump(slot, false);
      wake();
    });
  };
  const dropQueued = (slot: Slot) => {
    countOutcome(options.tally, slot.queue, false);
    backlog -= slot.queue.length;
    slot.queue = [];
    wake();
  };
  const linger = setInterval(() => { for (const slot of slots) pump(slot, true); }, options.lingerMs);

  return {
    add(message) {
      const slot = slots[message.partition % slots.length];
      slot.queue.push(message);
      backlog++;
      countSent(options.tally, message.kind);
      pump(slot, false);
    },
    backlog: () => backlog,
    async whenBelow(limit) {
      while (backlog >= limit && !failure) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    failure: () => failure,
    async flush() {
      while (backlog > 0) {
        for (const slot of slots) pump(slot, true);
        if (backlog === 0) break;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close() {
      clearInterval(linger);
    },
  };
}
