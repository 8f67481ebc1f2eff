import { Bar } from './barChart';

/** How many rows fall in each group, as bars ordered by group (numbers numerically). */
export function countBy<Row>(rows: readonly Row[], group: (row: Row) => string | number, label: (key: string | number) => string = String): Bar[] {
  const counts = new Map<string | number, number>();
  for (const row of rows) {
    const key = group(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))))
    .map(([key, value]) => ({ label: label(key), value }));
}
