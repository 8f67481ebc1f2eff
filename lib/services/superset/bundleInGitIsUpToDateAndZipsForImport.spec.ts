import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { etlLogTable, sensorAlertTable, sensorDataTable, sensorWindowTable } from '../../schema';
import { scratchDir } from '../../../test/support';
import { charts } from './bundle/charts';
import { bundleZip, readCommittedBundle } from './bundle/committed';
import { bundleFiles, yamlOptions } from './bundle/files';

test('the committed bundle (superset/bundle) is exactly what the generator makes from lib/schema', () => {
  const committed = readCommittedBundle();
  const generated = bundleFiles();
  assert.equal([...committed.keys()].sort(), [...generated.keys()].sort(), 'same files; run `make superset-bundle` and commit');
  for (const [path, text] of generated) assert.fixture(committed.get(path) ?? '', text, `${path} is stale; run \`make superset-bundle\` and commit`);
});

test('the datasets on sensor_data, ETL_Log, sensor_window and sensor_alert have the schema columns, in order, timestamps temporal', () => {
  for (const table of [sensorDataTable, etlLogTable, sensorWindowTable, sensorAlertTable]) {
    const dataset = parse(readCommittedBundle().get(`datasets/iot_pipeline_warehouse/${table.name}.yaml`) ?? '', yamlOptions);
    assert.equal(dataset.columns.map((column: { column_name: string }) => column.column_name), table.columns.map((column) => column.name));
    const temporal = dataset.columns.filter((column: { is_dttm: boolean }) => column.is_dttm).map((column: { column_name: string }) => column.column_name);
    assert.equal(temporal, table.columns.filter((column) => column.kind === 'timestamp').map((column) => column.name));
  }
});

test('every chart of the dashboard has a saved query context and sits in the dashboard layout', () => {
  const files = readCommittedBundle();
  const dashboard = parse(files.get('dashboards/iot_pipeline.yaml') ?? '', yamlOptions);
  const layoutUuids = Object.values(dashboard.position as Record<string, { type?: string; meta?: { uuid?: string } }>)
    .filter((node) => node?.type === 'CHART').map((node) => node.meta?.uuid);
  for (const chart of charts) {
    const asset = parse(files.get(`charts/${chart.key}.yaml`) ?? '', yamlOptions);
    assert.ok(JSON.parse(asset.query_context).queries.length === 1, `${chart.key} has a query context`);
    assert.ok(layoutUuids.includes(asset.uuid), `${chart.key} is on the dashboard`);
  }
});

test('the import zip is a valid archive (Python zipfile) with the real database URI and one root folder', () => {
  const scratch = scratchDir('iot-superset-zip-');
  try {
    const zip = join(scratch.dir, 'bundle.zip');
    writeFileSync(zip, bundleZip('postgresql+psycopg2://iot:secret@127.0.0.1:55432/iot'));
    const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint("\\n".join(z.namelist()))\nprint(z.read("iot_pipeline/databases/iot_pipeline_warehouse.yaml").decode())';
    const result = spawnSync('python3', ['-c', script, zip], { encoding: 'utf8' });
    assert.is(result.status, 0, result.stderr);
    const names = result.stdout.split('\n').filter((line) => line.startsWith('iot_pipeline/'));
    assert.is(names.length, readCommittedBundle().size);
    assert.match(result.stdout, 'sqlalchemy_uri: postgresql+psycopg2://iot:secret@127.0.0.1:55432/iot');
  } finally {
    scratch.cleanup();
  }
});

test('the dashboard shows the windows and alerts: average temperature per sensor per minute, alerts per rule per hour, open alerts', () => {
  const dashboard = readCommittedBundle().get('dashboards/iot_pipeline.yaml') ?? '';
  for (const title of ['Average temperature per sensor per minute', 'Alerts per rule per hour', 'Open alerts']) {
    const chart = charts.find((candidate) => candidate.title === title);
    assert.ok(chart, `a chart "${title}"`);
    assert.match(dashboard, `sliceName: ${title}`);
  }
  const openAlerts = parse(readCommittedBundle().get('datasets/iot_pipeline_warehouse/open_alerts.yaml') ?? '', yamlOptions);
  assert.match(openAlerts.sql, /FROM sensor_alert\nWHERE cleared_at IS NULL$/);
});

test.run();
