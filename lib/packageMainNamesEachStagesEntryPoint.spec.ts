import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test("package.json main and types point at the built lib/index, which names each stage's entry point", () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; types: string };
  assert.ok(existsSync(join(root, manifest.main)), `${manifest.main} is built`);
  assert.ok(existsSync(join(root, manifest.types)), `${manifest.types} is built`);
  const library = require(join(root, manifest.main));
  assert.type(library.producer.runProducer, 'function');
  assert.type(library.stream.runStream, 'function');
  assert.type(library.merge.mergeParts, 'function');
  assert.type(library.etl.runEtl, 'function');
  assert.type(library.cycle.runCycles, 'function');
  assert.type(library.dashboard.startDashboard, 'function');
  assert.type(library.config.loadConfig, 'function');
});

test.run();
