/**
 * What notebooks import besides the stages themselves:
 * `import { notebookConfig, showTable, ... } from '../dist/lib/notebook'`.
 * Display and data-shaping helpers only; stage logic stays in lib/producer,
 * lib/stream, lib/merge and lib/etl, which notebooks import directly.
 */
export { notebookConfig, notebookLogger, runSeconds, configRows } from './session';
export { showTable, showSummary, showLineChart, showBarChart, showMarkdown } from './show';
export { htmlTable } from './htmlTable';
export { svgLineChart } from './lineChart';
export { svgBarChart } from './barChart';
export { listDataFiles, readReadings, readCsvRecords, readJsonLines } from './files';
export { countBy } from './countBy';
export { readingVerdict, plausibleReadings, ruleBreaks } from './readingVerdict';
export { readingSeries, readingsPerSensor } from './readingSeries';
export { warehouseViews } from './warehouse';
export { alertCaseReadings } from './alertCases';
export type { AlertCaseRun } from './alertCases';
export type { LineSeries, LineChartOptions } from './lineChart';
export type { Bar, BarChartOptions } from './barChart';
export type { HtmlTableOptions } from './htmlTable';
export { readWindows, eventTimeProgress, lateReadingsPerSensor, windowSeries } from './windows';
