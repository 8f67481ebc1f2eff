/**
 * A sensor's last `size` values of one field, as a ring with running sums:
 * mean and standard deviation in constant time per reading, memory bounded.
 * Plain data, so it is saved with the state store as it is.
 */
export interface ValueHistory {
  values: number[];
  next: number;
  sum: number;
  sumOfSquares: number;
}

export function emptyHistory(): ValueHistory {
  return { values: [], next: 0, sum: 0, sumOfSquares: 0 };
}

export function addValue(history: ValueHistory, value: number, size: number): void {
  if (history.values.length < size) {
    history.values.push(value);
  } else {
    const dropped = history.values[history.next];
    history.values[history.next] = value;
    history.next = (history.next + 1) % size;
    history.sum -= dropped;
    history.sumOfSquares -= dropped * dropped;
  }
  history.sum += value;
  history.sumOfSquares += value * value;
}

export function statistics(history: ValueHistory): { count: number; mean: number; deviation: number } {
  const count = history.values.length;
  if (count === 0) return { count, mean: NaN, deviation: NaN };
  const mean = history.sum / count;
  // Running sums can leave a hair below zero where the values are all equal.
  const variance = Math.max(0, history.sumOfSquares / count - mean * mean);
  return { count, mean, deviation: Math.sqrt(variance) };
}
