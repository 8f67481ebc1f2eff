/**
 * Fetch settings for throughput with bounded memory. The client decodes a
 * whole answer into record objects before we see the first one, so answers
 * are kept small (1 MB, about 10,000 readings): they die young in V8's new
 * space instead of piling up in old space, and a round trip on a local
 * network costs far less than decoding. Ranges are planned below the high
 * watermark, so a fetch answers at once and `maxWaitTimeInMs` rarely matters.
 */
export interface FetchTuning {
  maxBytes: number;
  maxBytesPerPartition: number;
  minBytes: number;
  maxWaitTimeInMs: number;
}

export const defaultFetchTuning: FetchTuning = {
  maxBytes: 1024 * 1024,
  maxBytesPerPartition: 256 * 1024,
  minBytes: 1,
  maxWaitTimeInMs: 100,
};

export function fetchTuning(overrides: Partial<FetchTuning> = {}): FetchTuning {
  return { ...defaultFetchTuning, ...overrides };
}
