import * as tslab from 'tslab';
import { Bar, BarChartOptions, svgBarChart } from './barChart';
import { htmlTable, HtmlTableOptions } from './htmlTable';
import { LineChartOptions, LineSeries, svgLineChart } from './lineChart';

/** Renders rows inline as an HTML table (tslab's display). */
export function showTable(rows: readonly object[], options?: HtmlTableOptions): void {
  tslab.display.html(htmlTable(rows, options));
}

/** A result object (a stage's summary) as a two-column table. */
export function showSummary(summary: object, caption?: string): void {
  showTable(Object.entries(summary).map(([name, value]) => ({ name, value })), { caption });
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
