import { escapeMarkup, formatNumber } from './escape';
import { linearScale, noData, palette, px, svgDocument } from './svg';

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  title?: string;
  width?: number;
  /** Unit shown after each value, e.g. "rows". */
  unit?: string;
  color?: string;
}

const labelWidth = 170;
const rowHeight = 22;

/** Horizontal bars (long labels such as job names and file names stay readable), value at each bar's end. */
export function svgBarChart(bars: readonly Bar[], options: BarChartOptions = {}): string {
  const width = options.width ?? 680;
  const top = options.title ? 30 : 8;
  const height = top + Math.max(1, bars.length) * rowHeight + 8;
  if (bars.length === 0) return noData(width, 80, options.title);
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const x = linearScale([0, max || 1], [labelWidth, width - 90]);
  const rows = bars.map((bar, index) => {
    const y = top + index * rowHeight;
    const barWidth = Math.max(0, x(Math.max(0, bar.value)) - labelWidth);
    const value = `${formatNumber(bar.value)}${options.unit ? ' ' + options.unit : ''}`;
    return [
      `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${escapeMarkup(shorten(bar.label, 28))}<title>${escapeMarkup(bar.label)}</title></text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${px(barWidth)}" height="${rowHeight - 6}" fill="${options.color ?? palette[0]}"/>`,
      `<text x="${px(labelWidth + barWidth + 4)}" y="${y + 14}">${escapeMarkup(value)}</text>`,
    ].join('');
  });
  return svgDocument(width, height, options.title, rows.join(''));
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
