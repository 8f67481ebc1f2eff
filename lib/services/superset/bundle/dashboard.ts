import { ChartDefinition, chartUuid, charts } from './charts';
import { sensorDataDataset } from './datasets';
import { assetUuid, bundleFormatVersion } from './ids';

export const dashboardTitle = 'IoT Pipeline';
export const dashboardSlug = 'iot-pipeline';
export const dashboardUuid = assetUuid('dashboard', dashboardTitle);

/** Seconds between the dashboard's own refreshes: ETL_Log and sensor_data change once per cycle, so a minute keeps it current. */
export const refreshSeconds = 60;

/** Charts in rows of two, in the order of the `charts` list (ETL health first, then sensors). */
const chartsPerRow = 2;
const chartHeight = 60;

type LayoutNode = { id: string; type: string; children: string[]; parents?: string[]; meta?: Record<string, unknown> };

/**
 * A placeholder id per chart, unique within the bundle: the import maps these to the real ids (by uuid),
 * and the native filter's scope names the charts it leaves out by them.
 */
function placeholderChartId(chart: ChartDefinition): number {
  return charts.indexOf(chart) + 1;
}

function chartNode(chart: ChartDefinition, row: string): LayoutNode {
  return {
    id: `CHART-${chart.key}`,
    type: 'CHART',
    children: [],
    parents: ['ROOT_ID', 'GRID_ID', row],
    meta: { chartId: placeholderChartId(chart), uuid: chartUuid(chart), sliceName: chart.title, width: 12 / chartsPerRow, height: chartHeight },
  };
}

/** Statuses keep their colours on every chart and every refresh: green is SUCCESS, red FAILED, grey SKIPPED. */
export const statusColors = { SUCCESS: '#1A9641', FAILED: '#D7191C', SKIPPED: '#9E9E9E' } as const;

/** "Sensor" at the top of the dashboard: narrows every chart of readings (the ETL charts have no sensor and are left out). */
function sensorFilter(): Record<string, unknown> {
  const withoutSensor = charts.filter((chart) => !hasSensorColumn(chart)).map(placeholderChartId);
  return {
    id: 'NATIVE_FILTER-sensor',
    name: 'Sensor',
    filterType: 'filter_select',
    type: 'NATIVE_FILTER',
    description: 'Show only the chosen sensors',
    targets: [{ datasetUuid: sensorDataDataset.uuid, column: { name: 'sensor_id' } }],
    controlValues: { enableEmptyFilter: false, defaultToFirstItem: false, multiSelect: true, searchAllOptions: false, inverseSelection: false },
    defaultDataMask: { extraFormData: {}, filterState: {}, ownState: {} },
    cascadeParentIds: [],
    scope: { rootPath: ['ROOT_ID'], excluded: withoutSensor },
  };
}

function hasSensorColumn(chart: ChartDefinition): boolean {
  const columns = (chart.dataset.asset.columns ?? []) as Array<{ column_name: string }>;
  return columns.some((column) => column.column_name === 'sensor_id');
}

export function dashboardPosition(): Record<string, unknown> {
  const rows: LayoutNode[] = [];
  const nodes: LayoutNode[] = [];
  for (let start = 0; start < charts.length; start += chartsPerRow) {
    const id = `ROW-${start / chartsPerRow + 1}`;
    const members = charts.slice(start, start + chartsPerRow).map((chart) => chartNode(chart, id));
    rows.push({ id, type: 'ROW', children: members.map((node) => node.id), parents: ['ROOT_ID', 'GRID_ID'], meta: { background: 'BACKGROUND_TRANSPARENT' } });
    nodes.push(...members);
  }
  const layout: LayoutNode[] = [
    { id: 'ROOT_ID', type: 'ROOT', children: ['GRID_ID'] },
    { id: 'GRID_ID', type: 'GRID', children: rows.map((row) => row.id), parents: ['ROOT_ID'] },
    { id: 'HEADER_ID', type: 'HEADER', children: [], meta: { text: dashboardTitle } },
    ...rows,
    ...nodes,
  ];
  return { DASHBOARD_VERSION_KEY: 'v2', ...Object.fromEntries(layout.map((node) => [node.id, node])) };
}

export function dashboardAsset(): Record<string, unknown> {
  return {
    dashboard_title: dashboardTitle,
    description: null,
    css: '',
    slug: dashboardSlug,
    certified_by: '',
    certification_details: '',
    published: true,
    uuid: dashboardUuid,
    position: dashboardPosition(),
    metadata: {
      color_scheme: 'supersetColors',
      refresh_frequency: refreshSeconds,
      expanded_slices: {},
      label_colors: { ...statusColors },
      shared_label_colors: [],
      timed_refresh_immune_slices: [],
      cross_filters_enabled: false,
      native_filter_configuration: [sensorFilter()],
    },
    version: bundleFormatVersion,
  };
}
