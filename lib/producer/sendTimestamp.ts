import { formatTimestamp } from '../schema';

/**
 * The schema's timestamp of "now", formatted once per second: at 100,000
 * messages a second formatting each one would cost more than encoding it.
 */
export function createSendTimestamp(now: () => number = Date.now): () => string {
  let second = -1;
  let text = '';
  return () => {
    const current = Math.floor(now() / 1000);
    if (current !== second) { second = current; text = formatTimestamp(new Date(current * 1000)); }
    return text;
  };
}
