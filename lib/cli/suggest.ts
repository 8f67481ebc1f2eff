/** Edit distance (insert, delete, substitute, swap of neighbours): how far a typo is from a real name. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The known name a typo most likely meant: the nearest within a third of its length
 * (at least 2 edits), or one the typo starts (`--sens` → `--sensors`); none when nothing is near.
 */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((name) => ({ name, distance: name.startsWith(typed) && typed.length >= 3 ? 0.5 : editDistance(typed, name) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(typed.length / 3)))
    .sort((x, y) => x.distance - y.distance);
  return scored[0]?.name;
}

/** "Did you mean `iot produce`?" or nothing. */
export function didYouMean(typed: string, known: readonly string[], render: (name: string) => string): string | undefined {
  const match = nearest(typed, known);
  return match === undefined ? undefined : `Did you mean ${render(match)}?`;
}
