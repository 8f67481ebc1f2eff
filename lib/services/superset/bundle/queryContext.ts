import { AdhocMetric } from './metrics';

/** Placeholder datasource id: Superset's import rewrites it to the imported dataset's id. */
const importedDatasource = { id: 0, type: 'table' };

/** The x-axis column of a time-series chart, with its time grain when the column is temporal. */
export interface AxisColumn {
  columnType: 'BASE_AXIS';
  expressionType: 'SQL';
  sqlExpression: string;
  label: string;
  timeGrain?: string;
}

export function axisColumn(column: string, timeGrain?: string): AxisColumn {
  return { columnType: 'BASE_AXIS', expressionType: 'SQL', sqlExpression: column, label: column, ...(timeGrain ? { timeGrain } : {}) };
}

export interface ChartQuery {
  columns: Array<string | AxisColumn>;
  metrics: AdhocMetric[];
  orderby: Array<[string | AdhocMetric, boolean]>;
  row_limit: number;
  series_columns?: string[];
  time_grain_sqla?: string;
}

/**
 * The query context saved with a chart: what `GET /api/v1/chart/<id>/data/`
 * (and reports, thumbnails) run. The dashboard builds its own queries from the
 * chart's params in the browser. No post-processing here: the REST API answers
 * with tidy rows (one per x value and series), which API clients and the
 * acceptance test compare with the database directly.
 */
export function queryContext(formData: Record<string, unknown>, query: ChartQuery): string {
  const { time_grain_sqla, ...rest } = query;
  const queryObject = {
    filters: [],
    extras: { having: '', where: '', ...(time_grain_sqla ? { time_grain_sqla } : {}) },
    applied_time_extras: {},
    annotation_layers: [],
    series_limit: 0,
    order_desc: true,
    url_params: {},
    custom_params: {},
    custom_form_data: {},
    time_offsets: [],
    post_processing: [],
    ...rest,
  };
  return JSON.stringify({
    datasource: importedDatasource,
    force: false,
    queries: [queryObject],
    form_data: formData,
    result_format: 'json',
    result_type: 'full',
  });
}
