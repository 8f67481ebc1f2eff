// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../test/support';

/** A fresh clone: the sources, no dist/ and no node_modules/ yet. The bin must say what to run, never show a stack. */
const root = join(__dirname, '..', '..');
const clone = scratchDir('iot-clone-');

test('node scripts/iot.js --help on a clone without a build or packages says to run make build, exit 2', () => {
  mkdirSync(join(clone.dir, 'scripts'));
  for (const file of ['package.json', 'tsconfig.json', 'scripts/iot.js', 'scripts/node.sh']) copyFileSync(join(root, file), join(clone.dir, file));
  const result = spawnSync(process.execPath, [join(clone.dir, 'scripts', 'iot.js'), '--help'], { encoding: 'utf8', timeout: 60_000 });
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stderr, 'Run `make build`');
  assert.not.match(result.stderr, /Cannot find module|\n\s+at /, 'no raw module error or stack');
});

test.after(() => clone.cleanup());
test.run();
