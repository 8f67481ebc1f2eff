#!/usr/bin/env node
// The `iot` bin. Written for any Node (no syntax newer than Node 12), because it is the first thing that runs:
// on a `node` older than the project's (>= 22.22) it re-runs itself under the Node that make fetched into
// IOT_CACHE_DIR (scripts/node.sh, which fetches it the first time), so `npx iot …` works on the machine as it is;
// on a clone without a build it builds once, or says which command to run.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'lib', 'cli', 'main.js');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function newEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 22);
}

function fail(lines) {
  process.stderr.write(lines.map((line, index) => (index === 0 ? `error: ${line}` : `  → ${line}`)).join('\n') + '\n');
  process.exit(2);
}

/** Runs this same command under the project's Node and exits with its code; never returns. */
function rerunOnProjectNode() {
  const found = spawnSync('bash', [join(__dirname, 'node.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const prefix = (found.stdout || '').trim();
  const node = prefix && join(prefix, 'bin', 'node');
  if (found.status !== 0 || !node || !existsSync(node)) {
    fail([`this node is ${process.version}; iot-pipeline needs Node >= 22.22 and could not fetch Node 24.`,
      'Install Node 24 LTS (nvm install 24; .nvmrc names it), or run `make build` once, which fetches it.']);
  }
  // The child's PATH starts with that Node, so what it spawns (tsc, npm, workers) runs on it too.
  const env = Object.assign({}, process.env, { PATH: `${join(prefix, 'bin')}:${process.env.PATH || ''}`, IOT_REEXEC: '1' });
  const child = spawnSync(node, [__filename].concat(process.argv.slice(2)), { stdio: 'inherit', env });
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status === null ? 1 : child.status);
}

function buildOrExplain() {
  if (!existsSync(tsc)) {
    fail([`no build in ${join(root, 'dist')} and no TypeScript compiler in node_modules.`,
      'Run `make build` in the repository (it installs the packages and compiles), then run this command again.']);
  }
  process.stderr.write('iot: first run on this clone: compiling lib/ and scripts/ into dist/ (about 30 s) …\n');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(entry)) {
    fail(['the build failed (tsc output above).', 'Run `make build` to see the whole picture, then run this command again.']);
  }
}

if (!newEnough(process.versions.node)) {
  if (process.env.IOT_REEXEC) fail([`re-ran on ${process.version}, still older than 22.22.`, 'Install Node 24 LTS and run again.']);
  rerunOnProjectNode();
}
if (!existsSync(entry)) buildOrExplain();
require(entry)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
