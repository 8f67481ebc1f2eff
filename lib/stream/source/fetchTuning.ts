/**
 * Fetch settings for throughput with bounded memory: one response carries up
 * to `maxBytes` (a few MB per partition) and two are alive at once (one being
 * parsed, the next in flight). Ranges are planned below the high watermark,
 * so a fetch answers at once and `maxWaitTimeInMs` rarely matters.
 */
export interface FetchTuning {
  maxBytes: number;
  maxBytesPerPartition: number;
  minBytes: number;
  maxWaitTimeInMs: number;
}

export const defaultFetchTuning: FetchTuning = {
  maxBytes: 16 * 1024 * 1024,
  maxBytesPerPartition: 4 * 1024 * 1024,
  minBytes: 1,
  maxWaitTimeInMs: 100,
};

export function fetchTuning(overrides: Partial<FetchTuning> = {}): FetchTuning {
  return { ...defaultFetchTuning, ...overrides };
}
