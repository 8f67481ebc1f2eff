import { stringify } from 'yaml';
import { chartAsset, charts } from './charts';
import { databaseAsset, placeholderSqlalchemyUri } from './database';
import { datasets } from './datasets';
import { dashboardAsset } from './dashboard';
import { bundleFormatVersion } from './ids';

/** Superset reads YAML 1.1 (PyYAML): quote what 1.1 would take for dates and booleans. */
export const yamlOptions = { version: '1.1', lineWidth: 0 } as const;

const header = '# Generated from lib/schema by `make superset-bundle` (lib/services/superset/bundle); do not edit by hand.\n';

/**
 * The asset bundle as Superset's v1 import reads it: relative path → YAML.
 * `metadata.yaml` says "assets": the assets import overwrites every object by
 * UUID (database, datasets, charts, dashboard), so a re-import updates in place.
 */
export function bundleFiles(sqlalchemyUri = placeholderSqlalchemyUri): Map<string, string> {
  const yaml = (value: unknown) => header + stringify(value, yamlOptions);
  const files = new Map<string, string>();
  // A fixed timestamp keeps the committed bundle byte-identical between generations.
  files.set('metadata.yaml', yaml({ version: bundleFormatVersion, type: 'assets', timestamp: '2026-01-01T00:00:00+00:00' }));
  files.set('databases/iot_pipeline_warehouse.yaml', yaml(databaseAsset(sqlalchemyUri)));
  for (const dataset of datasets) files.set(`datasets/iot_pipeline_warehouse/${dataset.name}.yaml`, yaml(dataset.asset));
  for (const chart of charts) files.set(`charts/${chart.key}.yaml`, yaml(chartAsset(chart)));
  files.set('dashboards/iot_pipeline.yaml', yaml(dashboardAsset()));
  return files;
}
