import { escapeMarkup } from './escape';

/** Colours for series and bars, distinguishable and readable on white and dark themes. */
export const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** About `count` round tick values (1, 2, 2.5, 5 × 10^n) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** The data range, widened when all values are equal so a scale never divides by zero. */
export function extent(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? [min - 1, max + 1] : [min, max];
}

/** Maps [domain] onto [range] linearly. */
export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): (value: number) => number {
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

export function svgDocument(width: number, height: number, title: string | undefined, body: string): string {
  const heading = title ? `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeMarkup(title)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11"><rect width="${width}" height="${height}" fill="white"/>${heading}${body}</svg>`;
}

export function noData(width: number, height: number, title?: string): string {
  return svgDocument(width, height, title, `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#777">no data</text>`);
}

/** Coordinates with two decimals: smaller SVG, stable diffs. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}
