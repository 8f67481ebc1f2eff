import { readingColumnNames } from '../../../schema/reading';
import { DatasetDefinition, etlLogDataset, latestReadingPerSensorDataset, openAlertsDataset, sensorAlertDataset, sensorDataDataset, sensorWindowDataset } from './datasets';
import { pieFormData, rawTableFormData, timeseriesFormData } from './formData';
import { assetUuid, bundleFormatVersion } from './ids';
import { aggregateOf, countOfRows, sqlMetric } from './metrics';
import { axisColumn, ChartQuery, queryContext } from './queryContext';

export interface ChartDefinition {
  /** File name in the bundle and key for tests, e.g. "records_processed_per_job". */
  key: string;
  title: string;
  dataset: DatasetDefinition;
  params: Record<string, unknown>;
  query: ChartQuery;
}

const recordsProcessed = aggregateOf('SUM', 'records_processed', 'Records processed');
// ETL_Log counts the rows the ETL's validation rejected (into <archive>.rejects.csv); the consumer's
// quarantine (malformed messages, DATA_DIR/quarantine) never reaches SQL, so the chart says which it is.
const recordsRejected = aggregateOf('SUM', 'records_rejected', 'Rows rejected by the ETL');
const jobs = countOfRows('Jobs');
const averageDuration = aggregateOf('AVG', 'duration_seconds', 'Average duration (s)');
const runs = countOfRows('Runs');
const averageTemperature = aggregateOf('AVG', 'temperature', 'Average temperature (°C)');
const averageHumidity = aggregateOf('AVG', 'humidity', 'Average humidity (%)');
// Weighted by readings, so a grain coarser than the window (or partials) still gives the readings' true mean.
const windowTemperature = sqlMetric('SUM(temperature_sum) / SUM(readings)', 'Average temperature (°C)');
const alerts = countOfRows('Alerts');
const openAlertColumns = ['raised_at', 'sensor_id', 'rule', 'value', 'detail', 'alert_id'];

/** A demo's cycles span minutes, so time axes group by minute: an hourly grain drew one point per series. */
export const timeGrain = 'PT1M';

/** Per sensor over time, one measure per chart: °C and % on one axis flattened both. */
function perSensorLine(key: string, title: string, metric: typeof averageTemperature, yAxisTitle: string): ChartDefinition {
  return {
    key,
    title,
    dataset: sensorDataDataset,
    params: timeseriesFormData({
      vizType: 'echarts_timeseries_line', xAxis: 'timestamp', timeGrain, metrics: [metric], groupby: ['sensor_id'], xAxisTitle: 'Minute', yAxisTitle,
    }),
    query: {
      columns: [axisColumn('timestamp', timeGrain), 'sensor_id'], metrics: [metric], orderby: [], row_limit: 10000,
      series_columns: ['sensor_id'], time_grain_sqla: timeGrain,
    },
  };
}

/** Per ETL job: the job id on a categorical x axis, in job order. */
function perJobBar(key: string, title: string, metric: typeof recordsProcessed): ChartDefinition {
  return {
    key,
    title,
    dataset: etlLogDataset,
    params: timeseriesFormData({ vizType: 'echarts_timeseries_bar', xAxis: 'id', metrics: [metric], xAxisTitle: 'ETL job id', yAxisTitle: 'Rows' }),
    query: { columns: [axisColumn('id')], metrics: [metric], orderby: [['id', true]], row_limit: 10000 },
  };
}

export const charts: readonly ChartDefinition[] = [
  perJobBar('records_processed_per_job', 'Records processed per ETL job', recordsProcessed),
  {
    key: 'job_status',
    title: 'ETL jobs by status: SUCCESS, SKIPPED, FAILED',
    dataset: etlLogDataset,
    params: pieFormData('status', jobs),
    query: { columns: ['status'], metrics: [jobs], orderby: [[jobs, false]], row_limit: 100 },
  },
  {
    key: 'job_duration_and_runs_per_minute',
    title: 'ETL job duration and runs per minute',
    dataset: etlLogDataset,
    params: timeseriesFormData({
      vizType: 'echarts_timeseries_line', xAxis: 'start_time', timeGrain, metrics: [averageDuration, runs], xAxisTitle: 'Minute', yAxisTitle: 'Seconds / runs',
    }),
    query: { columns: [axisColumn('start_time', timeGrain)], metrics: [averageDuration, runs], orderby: [], row_limit: 10000, time_grain_sqla: timeGrain },
  },
  perSensorLine('temperature_per_sensor', 'Average temperature per sensor (°C)', averageTemperature, '°C'),
  perSensorLine('humidity_per_sensor', 'Average humidity per sensor (%)', averageHumidity, '%'),
  {
    key: 'latest_reading_per_sensor',
    title: 'Latest reading per sensor',
    dataset: latestReadingPerSensorDataset,
    params: rawTableFormData([...readingColumnNames], 'sensor_id'),
    query: { columns: [...readingColumnNames], metrics: [], orderby: [['sensor_id', true]], row_limit: 1000 },
  },
  perJobBar('rows_rejected_per_etl_job', 'Rows rejected by the ETL per job (invalid values, in <archive>.rejects.csv)', recordsRejected),
  {
    key: 'average_temperature_per_sensor_per_minute',
    title: 'Average temperature per sensor per minute',
    dataset: sensorWindowDataset,
    params: timeseriesFormData({
      vizType: 'echarts_timeseries_line', xAxis: 'window_start', timeGrain, metrics: [windowTemperature], groupby: ['sensor_id'], xAxisTitle: 'Minute (window start)', yAxisTitle: '°C',
    }),
    query: {
      columns: [axisColumn('window_start', timeGrain), 'sensor_id'], metrics: [windowTemperature], orderby: [], row_limit: 10000, series_columns: ['sensor_id'], time_grain_sqla: timeGrain,
    },
  },
  {
    key: 'alerts_per_rule_per_hour',
    title: 'Alerts per rule per hour',
    dataset: sensorAlertDataset,
    params: timeseriesFormData({
      vizType: 'echarts_timeseries_bar', xAxis: 'raised_at', timeGrain: 'PT1H', metrics: [alerts], groupby: ['rule'], xAxisTitle: 'Hour (raised)', yAxisTitle: 'Alerts',
    }),
    query: { columns: [axisColumn('raised_at', 'PT1H'), 'rule'], metrics: [alerts], orderby: [], row_limit: 10000, series_columns: ['rule'], time_grain_sqla: 'PT1H' },
  },
  {
    key: 'open_alerts',
    title: 'Open alerts',
    dataset: openAlertsDataset,
    params: rawTableFormData(openAlertColumns, 'raised_at'),
    query: { columns: openAlertColumns, metrics: [], orderby: [['raised_at', true]], row_limit: 1000 },
  },
];

export function chartUuid(chart: ChartDefinition): string {
  return assetUuid('chart', chart.key);
}

export function chartAsset(chart: ChartDefinition): Record<string, unknown> {
  return {
    slice_name: chart.title,
    description: null,
    certified_by: null,
    certification_details: null,
    viz_type: chart.params.viz_type,
    params: chart.params,
    query_context: queryContext(chart.params, chart.query),
    cache_timeout: null,
    uuid: chartUuid(chart),
    version: bundleFormatVersion,
    dataset_uuid: chart.dataset.uuid,
  };
}
