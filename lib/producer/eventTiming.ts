import { formatTimestamp } from '../schema';
import { Random } from './seededRandom';
import { createSendTimestamp } from './sendTimestamp';

/** How far readings' event times stray from the send time, so the stream's watermark and lateness have something to do. */
export interface EventTiming {
  /** --out-of-order S: each reading's timestamp is moved back by a whole number of seconds from 0 to S. */
  outOfOrderSeconds: number;
  /** --late-ratio r: this share of readings is stamped `lateBySeconds` back, older than any usual watermark delay. */
  lateRatio: number;
  lateBySeconds: number;
}

export const onTime: EventTiming = { outOfOrderSeconds: 0, lateRatio: 0, lateBySeconds: 300 };

/**
 * The timestamp of each reading: the send time (formatted once a second, as
 * before) or, with out-of-order or late readings asked for, the send time
 * moved back by seeded draws, formatted from a small cache of seconds.
 */
export function createEventTimestamp(timing: EventTiming, random: Random, now: () => number = Date.now): () => string {
  if (timing.outOfOrderSeconds === 0 && timing.lateRatio === 0) return createSendTimestamp(now);
  const formatted = new Map<number, string>();
  const format = (second: number) => {
    let text = formatted.get(second);
    if (text === undefined) {
      if (formatted.size > 4_096) formatted.clear();
      formatted.set(second, (text = formatTimestamp(new Date(second * 1000))));
    }
    return text;
  };
  return () => {
    const second = Math.floor(now() / 1000);
    if (timing.lateRatio > 0 && random.next() < timing.lateRatio) return format(second - timing.lateBySeconds);
    return format(second - (timing.outOfOrderSeconds > 0 ? random.below(timing.outOfOrderSeconds + 1) : 0));
  };
}
