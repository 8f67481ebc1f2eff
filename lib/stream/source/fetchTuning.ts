import { ConsumerConfig } from 'kafkajs';

/**
 * Fetch settings for throughput with bounded memory: a fetch brings up to
 * `maxBytes` (a few MB per partition), returns as soon as any data is there,
 * and a paused consumer looks again every `maxWaitTimeInMs`, which bounds how
 * long a resumed partition waits for its first fetch.
 */
export interface FetchTuning {
  maxBytes: number;
  maxBytesPerPartition: number;
  minBytes: number;
  maxWaitTimeInMs: number;
  sessionTimeout: number;
  heartbeatInterval: number;
}

export const defaultFetchTuning: FetchTuning = {
  maxBytes: 16 * 1024 * 1024,
  maxBytesPerPartition: 4 * 1024 * 1024,
  minBytes: 1,
  maxWaitTimeInMs: 100,
  // Only this run's own group uses it: a short session lets the broker forget a killed run's group soon.
  sessionTimeout: 10_000,
  heartbeatInterval: 3_000,
};

export function fetchTuning(overrides: Partial<FetchTuning> = {}): Partial<ConsumerConfig> {
  return { ...defaultFetchTuning, ...overrides };
}
