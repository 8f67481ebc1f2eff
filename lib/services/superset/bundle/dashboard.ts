import { ChartDefinition, chartUuid, charts } from './charts';
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

function chartNode(chart: ChartDefinition, row: string): LayoutNode {
  return {
    id: `CHART-${chart.key}`,
    type: 'CHART',
    children: [],
    parents: ['ROOT_ID', 'GRID_ID', row],
    // chartId is resolved from uuid at import.
    meta: { chartId: 0, uuid: chartUuid(chart), sliceName: chart.title, width: 12 / chartsPerRow, height: chartHeight },
  };
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
      label_colors: {},
      shared_label_colors: [],
      timed_refresh_immune_slices: [],
      cross_filters_enabled: false,
      native_filter_configuration: [],
    },
    version: bundleFormatVersion,
  };
}
