import { Lane } from './lane';
import { OutgoingMessage } from './messageSource';
import { countOutcome, countSent, Tally } from './tally';

export interface SenderOptions {
  /** Parallel producers; messages go to lane `partition % lanes`. */
  lanes: number;
  openLane: (index: number) => Lane;
  /** Messages per produce request: large amortises the per-request cost, in our process and the broker's. */
  batchSize: number;
  /** A partly filled batch goes out after this long (paced runs send a few messages at a time). */
  lingerMs: number;
  tally: Tally;
}

interface LaneState {
  lane: Lane;
  queue: OutgoingMessage[];
  busy: boolean;
}

export interface Sender {
  /** Connects every lane; call before the first message. */
  open(): Promise<void>;
  add(message: OutgoingMessage): void;
  /** Messages queued or in flight. */
  backlog(): number;
  /** Resolves once the backlog is below `limit` (or the sender has failed). */
  whenBelow(limit: number): Promise<void>;
  /** The first batch that could not be delivered within its retries; set once. */
  failure(): Error | undefined;
  /** Sends everything queued and waits for every answer; after a failure, counts what is queued as failed instead. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Routes messages to lanes, batches them, keeps each lane busy, and counts each answer in the tally. */
export function createSender(options: SenderOptions): Sender {
  const lanes: LaneState[] = Array.from({ length: options.lanes }, (_, index) => ({ lane: options.openLane(index), queue: [], busy: false }));
  let backlog = 0;
  let failure: Error | undefined;
  let waiters: Array<() => void> = [];
  const wake = () => { const woken = waiters; waiters = []; for (const resolve of woken) resolve(); };

  const pump = (state: LaneState, partial: boolean) => {
    if (state.busy || state.queue.length === 0 || (!partial && state.queue.length < options.batchSize)) return;
    if (failure) return dropQueued(state);
    const batch = state.queue.splice(0, options.batchSize);
    state.busy = true;
    state.lane.send(batch).then(
      () => countOutcome(options.tally, batch, true),
      (error: Error) => { failure ??= error; countOutcome(options.tally, batch, false); },
    ).finally(() => {
      state.busy = false;
      backlog -= batch.length;
      pump(state, false);
      wake();
    });
  };
  const dropQueued = (state: LaneState) => {
    countOutcome(options.tally, state.queue, false);
    backlog -= state.queue.length;
    state.queue = [];
    wake();
  };
  const linger = setInterval(() => { for (const state of lanes) pump(state, true); }, options.lingerMs);

  return {
    open: async () => { await Promise.all(lanes.map((state) => state.lane.open())); },
    add(message) {
      const state = lanes[message.partition % lanes.length];
      state.queue.push(message);
      backlog++;
      countSent(options.tally, message.kind);
      pump(state, false);
    },
    backlog: () => backlog,
    async whenBelow(limit) {
      while (backlog >= limit && !failure) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    failure: () => failure,
    async flush() {
      while (backlog > 0) {
        for (const state of lanes) pump(state, true);
        if (backlog === 0) break;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    async close() {
      clearInterval(linger);
      await Promise.all(lanes.map((state) => state.lane.close()));
    },
  };
}
