#!/usr/bin/env node
// The `iot` bin: runs the compiled CLI, building it first on a fresh clone.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'lib', 'cli', 'main.js');
if (!existsSync(entry)) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
