import { escapeMarkup, formatNumber } from './escape';
import { extent, linearScale, niceTicks, noData, palette, px, svgDocument } from './svg';

export interface LineSeries {
  name: string;
  points: ReadonlyArray<{ x: number; y: number }>;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** 'time': x values are epoch milliseconds, labelled HH:mm:ss. */
  xKind?: 'number' | 'time';
}

const margin = { top: 30, right: 130, bottom: 40, left: 55 };

/** One polyline per series with axes, ticks and a legend; pure SVG, no scripts, no network. */
export function svgLineChart(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  const width = options.width ?? 680;
  const height = options.height ?? 300;
  const points = series.flatMap((line) => line.points);
  if (points.length === 0) return noData(width, height, options.title);
  const xDomain = extent(points.map((point) => point.x));
  const yDomain = padded(extent(points.map((point) => point.y)));
  const x = linearScale(xDomain, [margin.left, width - margin.right]);
  const y = linearScale(yDomain, [height - margin.bottom, margin.top]);
  const xText = options.xKind === 'time' ? timeLabel : (value: number) => formatNumber(value);
  const lines = series.map((line, index) => {
    const color = palette[index % palette.length];
    const path = [...line.points].sort((a, b) => a.x - b.x).map((point) => `${px(x(point.x))},${px(y(point.y))}`).join(' ');
    return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${path}"><title>${escapeMarkup(line.name)}</title></polyline>`;
  });
  return svgDocument(width, height, options.title, [
    axes(width, height, niceTicks(...xDomain, 6).map((tick) => [x(tick), xText(tick)]), niceTicks(...yDomain, 5).map((tick) => [y(tick), formatNumber(tick)])),
    axisLabels(width, height, options),
    ...lines,
    legend(series.map((line) => line.name), width),
  ].join(''));
}

function axes(width: number, height: number, xTicks: Array<[number, string]>, yTicks: Array<[number, string]>): string {
  const bottom = height - margin.bottom;
  const right = width - margin.right;
  const xMarks = xTicks.map(([at, label]) => `<line x1="${px(at)}" x2="${px(at)}" y1="${bottom}" y2="${bottom + 4}" stroke="#333"/><text x="${px(at)}" y="${bottom + 15}" text-anchor="middle">${escapeMarkup(label)}</text>`);
  const yMarks = yTicks.map(([at, label]) => `<line x1="${margin.left}" x2="${right}" y1="${px(at)}" y2="${px(at)}" stroke="#eee"/><text x="${margin.left - 6}" y="${px(at + 4)}" text-anchor="end">${escapeMarkup(label)}</text>`);
  const frame = `<line x1="${margin.left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#333"/><line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${bottom}" stroke="#333"/>`;
  return [...yMarks, frame, ...xMarks].join('');
}

function axisLabels(width: number, height: number, options: LineChartOptions): string {
  const x = options.xLabel ? `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 6}" text-anchor="middle">${escapeMarkup(options.xLabel)}</text>` : '';
  const middle = (margin.top + height - margin.bottom) / 2;
  const y = options.yLabel ? `<text x="14" y="${middle}" text-anchor="middle" transform="rotate(-90 14 ${middle})">${escapeMarkup(options.yLabel)}</text>` : '';
  return x + y;
}

function legend(names: readonly string[], width: number): string {
  return names.map((name, index) => {
    const top = margin.top + index * 16;
    const color = palette[index % palette.length];
    return `<rect x="${width - margin.right + 12}" y="${top}" width="10" height="10" fill="${color}"/><text x="${width - margin.right + 27}" y="${top + 9}">${escapeMarkup(name)}</text>`;
  }).join('');
}

/** HH:mm:ss in UTC, so charts of the same data look the same on every machine. */
function timeLabel(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** 5 % headroom above and below, so the highest and lowest lines do not sit on the frame. */
function padded([min, max]: [number, number]): [number, number] {
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}
