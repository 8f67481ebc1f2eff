import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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

/** lib/'s own sources: what the library build ships. */
function librarySources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return librarySources(path);
    return entry.endsWith('.ts') && !entry.endsWith('.spec.ts') && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

test('no library source imports test support: it lives in test/support, outside what package.json main reaches', () => {
  const sources = librarySources(join(root, 'lib'));
  assert.ok(sources.length > 100, `found ${sources.length} library sources`);
  const offenders = sources.filter((file) => /from '[./]*\/test\//.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));
  assert.equal(offenders, []);
});

test.run();
