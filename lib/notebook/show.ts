import * as tslab from 'tslab';
import { Bar, BarChartOptions, svgBarChart } from './barChart';
import { htmlTable, HtmlTableOptions } from './htmlTable';
import { LineChartOptions, LineSeries, svgLineChart } from './lineChart';

/** Renders rows inline as an HTML table (tslab's display). */
export function showTable(rows: readonly object[], options?: HtmlTableOptions): void {
  tslab.display.html(htmlTable(rows, options));
}

/**
 * A result object (a stage's summary) as a two-column table in words: `rowsWritten` reads "rows written",
 * seconds are rounded to a tenth (timing noise is not a result), an empty list reads "none". `omit` leaves out fields.
 */
export function showSummary(summary: object, caption?: string, omit: readonly string[] = []): void {
  const rows = Object.entries(summary)
    .filter(([name, value]) => !omit.includes(name) && value !== undefined)
    .map(([name, value]) => ({ name: inWords(name), value: readable(name, value) }));
  showTable(rows, { caption });
}

export function inWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase().replace(/\bseconds\b/, '(s)').replace(/ \(s\)$/, ' (s)');
}

function readable(name: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'number' && /seconds$/i.test(name)) return Number(value.toFixed(1));
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** The SQL a view runs, shown as a code block above its result. */
export function showSql(sql: string): void {
  tslab.display.markdown('```sql\n' + sql.replace(/ (FROM|GROUP BY|ORDER BY|WHERE|LIMIT) /g, '\n$1 ') + '\n```');
}

/** Renders a line chart inline as SVG. */
export function showLineChart(series: readonly LineSeries[], options?: LineChartOptions): void {
  tslab.display.svg(svgLineChart(series, options));
}

/** Renders a horizontal bar chart inline as SVG. */
export function showBarChart(bars: readonly Bar[], options?: BarChartOptions): void {
  tslab.display.svg(svgBarChart(bars, options));
}

/** A line of Markdown, e.g. a conclusion computed from the run. */
export function showMarkdown(text: string): void {
  tslab.display.markdown(text);
}
