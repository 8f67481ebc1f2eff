/**
 * `make superset-bundle`: writes the dashboard's asset bundle (superset/bundle)
 * from lib/schema and the chart definitions. The YAML is committed; the spec
 * lib/services/superset/bundleIsUpToDate.spec.ts fails when it is stale.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleFiles } from '../lib/services/superset/bundle/files';
import { committedBundleDir } from '../lib/services/superset/bundle/committed';

const dir = committedBundleDir();
rmSync(dir, { recursive: true, force: true });
for (const [path, text] of bundleFiles()) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}
process.stdout.write(`wrote ${bundleFiles().size} files to ${dir}\n`);
