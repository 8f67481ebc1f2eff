import { AdhocMetric } from './metrics';

/**
 * Form data (a chart's `params`) in the shape Superset's explore view saves,
 * for the three kinds of chart the dashboard uses. Only what differs from
 * Superset's defaults plus what its own exports always carry.
 */
const common = {
  datasource: '0__table',
  adhoc_filters: [],
  extra_form_data: {},
  color_scheme: 'supersetColors',
  dashboards: [],
};

export interface TimeseriesOptions {
  vizType: 'echarts_timeseries_line' | 'echarts_timeseries_bar';
  xAxis: string;
  /** Set for temporal x axes, e.g. PT1H. */
  timeGrain?: string;
  metrics: AdhocMetric[];
  groupby?: string[];
  xAxisTitle: string;
  yAxisTitle: string;
}

export function timeseriesFormData(options: TimeseriesOptions): Record<string, unknown> {
  return {
    ...common,
    viz_type: options.vizType,
    x_axis: options.xAxis,
    ...(options.timeGrain ? { time_grain_sqla: options.timeGrain } : { xAxisForceCategorical: true }),
    x_axis_sort_asc: true,
    x_axis_sort_series: 'name',
    x_axis_sort_series_ascending: true,
    metrics: options.metrics,
    groupby: options.groupby ?? [],
    order_desc: true,
    row_limit: 10000,
    truncate_metric: true,
    show_empty_columns: true,
    comparison_type: 'values',
    annotation_layers: [],
    forecastPeriods: 10,
    forecastInterval: 0.8,
    orientation: 'vertical',
    x_axis_title: options.xAxisTitle,
    x_axis_title_margin: 30,
    y_axis_title: options.yAxisTitle,
    y_axis_title_margin: 30,
    y_axis_title_position: 'Left',
    sort_series_type: 'sum',
    only_total: true,
    seriesType: 'line',
    markerEnabled: true,
    markerSize: 6,
    show_legend: true,
    legendType: 'scroll',
    legendOrientation: 'top',
    x_axis_time_format: 'smart_date',
    y_axis_format: 'SMART_NUMBER',
    truncateXAxis: true,
    y_axis_bounds: [null, null],
    rich_tooltip: true,
    tooltipTimeFormat: 'smart_date',
  };
}

export function pieFormData(groupby: string, metric: AdhocMetric): Record<string, unknown> {
  return {
    ...common,
    viz_type: 'pie',
    groupby: [groupby],
    metric,
    row_limit: 100,
    sort_by_metric: true,
    show_labels_threshold: 0,
    show_legend: true,
    legendType: 'scroll',
    legendOrientation: 'top',
    label_type: 'key_value',
    number_format: 'SMART_NUMBER',
    date_format: 'smart_date',
    show_labels: true,
    labels_outside: true,
    outerRadius: 70,
    innerRadius: 30,
  };
}

export function rawTableFormData(columns: string[], orderBy: string): Record<string, unknown> {
  return {
    ...common,
    viz_type: 'table',
    query_mode: 'raw',
    groupby: [],
    all_columns: columns,
    percent_metrics: [],
    order_by_cols: [JSON.stringify([orderBy, true])],
    row_limit: 1000,
    server_page_length: 10,
    order_desc: false,
    table_timestamp_format: '%Y-%m-%d %H:%M:%S',
    show_cell_bars: false,
    allow_render_html: false,
  };
}
