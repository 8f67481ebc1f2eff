import { readingColumns } from '../../../schema/reading';
import { etlLogTable, sensorDataTable, SqlKind, TableColumn, TableSpec } from '../../../schema/tables';
import { sensorAlertTable, sensorWindowTable } from '../../../schema/outputTables';
import { warehouseDatabaseUuid } from './database';
import { assetUuid, bundleFormatVersion } from './ids';

/** A dataset as the bundle and the charts see it. */
export interface DatasetDefinition {
  name: string;
  uuid: string;
  asset: Record<string, unknown>;
}

// Generic type names: the bundle serves SQLite, PostgreSQL and SQL Server alike;
// Superset reads the real types from the database when the dataset is synced.
const typeNames: Record<SqlKind, (column: TableColumn) => string> = {
  identity: () => 'INTEGER',
  integer: () => 'INTEGER',
  bigint: () => 'BIGINT',
  decimal: () => 'FLOAT',
  timestamp: () => 'TIMESTAMP',
  text: (column) => `VARCHAR(${column.length ?? 255})`,
  longtext: () => 'TEXT',
};

function columnAsset(column: TableColumn, unit?: string): Record<string, unknown> {
  return {
    column_name: column.name,
    verbose_name: unit ? `${column.name} (${unit})` : null,
    is_dttm: column.kind === 'timestamp',
    is_active: true,
    type: typeNames[column.kind](column),
    advanced_data_type: null,
    groupby: column.kind !== 'longtext',
    filterable: column.kind !== 'longtext',
    expression: null,
    description: column.description,
    python_date_format: null,
    extra: {},
  };
}

const countMetric = {
  metric_name: 'count',
  verbose_name: 'COUNT(*)',
  metric_type: 'count',
  expression: 'COUNT(*)',
  description: null,
  d3format: null,
  currency: null,
  extra: {},
  warning_text: null,
};

function datasetAsset(name: string, description: string, columns: TableColumn[], options: { sql: string | null; dttm: string }): DatasetDefinition {
  const uuid = assetUuid('dataset', name);
  const units = new Map(readingColumns.map((column) => [column.name as string, column.unit]));
  return {
    name,
    uuid,
    asset: {
      table_name: name,
      main_dttm_col: options.dttm,
      description,
      default_endpoint: null,
      offset: 0,
      cache_timeout: null,
      catalog: null,
      schema: null,
      sql: options.sql,
      params: null,
      template_params: null,
      filter_select_enabled: true,
      fetch_values_predicate: null,
      extra: null,
      normalize_columns: false,
      always_filter_main_dttm: false,
      uuid,
      metrics: [countMetric],
      columns: columns.map((column) => columnAsset(column, units.get(column.name))),
      version: bundleFormatVersion,
      database_uuid: warehouseDatabaseUuid,
    },
  };
}

function physicalDataset(table: TableSpec, dttm: string): DatasetDefinition {
  return datasetAsset(table.name, table.description, [...table.columns], { sql: null, dttm });
}

/**
 * The newest reading of each sensor. Identifiers stay unquoted: `timestamp` is
 * a valid column reference in SQLite, PostgreSQL and SQL Server, while quote
 * characters differ between them; ROW_NUMBER keeps one row per sensor on ties.
 */
function latestReadingDataset(): DatasetDefinition {
  const names = readingColumns.map((column) => column.name);
  const list = names.join(', ');
  const sql = [
    `SELECT ${list}`,
    'FROM (',
    `  SELECT ${list},`,
    '         ROW_NUMBER() OVER (PARTITION BY sensor_id ORDER BY timestamp DESC) AS reading_rank',
    `  FROM ${sensorDataTable.name}`,
    ') ranked',
    'WHERE reading_rank = 1',
  ].join('\n');
  const columns = sensorDataTable.columns.filter((column) => (names as string[]).includes(column.name));
  return datasetAsset('latest_reading_per_sensor', 'The newest reading of each sensor', columns, { sql, dttm: 'timestamp' });
}

/** Alerts still open: raised, their clear not loaded. */
function openAlerts(): DatasetDefinition {
  const columns = sensorAlertTable.columns.filter((column) => !['cleared_at', 'source_file', 'source_sha256'].includes(column.name));
  const sql = [`SELECT ${columns.map((column) => column.name).join(', ')}`, `FROM ${sensorAlertTable.name}`, 'WHERE cleared_at IS NULL'].join('\n');
  return datasetAsset('open_alerts', 'Alerts raised and not cleared yet', columns, { sql, dttm: 'raised_at' });
}

export const sensorDataDataset = physicalDataset(sensorDataTable, 'timestamp');
export const sensorWindowDataset = physicalDataset(sensorWindowTable, 'window_start');
export const sensorAlertDataset = physicalDataset(sensorAlertTable, 'raised_at');
export const openAlertsDataset = openAlerts();
export const etlLogDataset = physicalDataset(etlLogTable, 'start_time');
export const latestReadingPerSensorDataset = latestReadingDataset();

export const datasets: readonly DatasetDefinition[] = [sensorDataDataset, etlLogDataset, latestReadingPerSensorDataset, sensorWindowDataset, sensorAlertDataset, openAlertsDataset];
