const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration as Spark writes them in window() and withWatermark(): `30s`,
 * `1m`, `1.5h`, `500ms` (a bare number is seconds). Returns milliseconds, or
 * undefined when the text is no duration; the caller says which flag.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * units[match[2] ?? 's']);
}

/** Milliseconds the shortest way: 60000 → `1m`, 90000 → `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) if (ms % units[unit] === 0 && ms >= units[unit]) return `${ms / units[unit]}${unit}`;
  return `${ms}ms`;
}
