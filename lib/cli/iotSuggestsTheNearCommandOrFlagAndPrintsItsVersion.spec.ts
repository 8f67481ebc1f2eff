// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { iotScript } from '../../test/support/iotProcess';
import { wrap } from './help';
import { nearest } from './suggest';

const scratch = scratchDir();
const root = join(__dirname, '..', '..', '..');

function iot(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [iotScript, ...args], { env: { ...process.env, DATA_DIR: scratch.dir, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('iot --version prints the package version and the Node it runs on, exit 0', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const result = iot(['--version']);
  assert.is(result.code, 0);
  assert.is(result.stdout.trim(), `iot-pipeline ${version} (Node ${process.version}, ${process.platform}-${process.arch})`);
});

test('iot prodcue suggests iot produce and exits 2', () => {
  const result = iot(['prodcue']);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'unknown command "prodcue"');
  assert.match(result.stderr, 'Did you mean `iot produce`?');
});

test('an unknown flag suggests the near one and exits 2', () => {
  const result = iot(['produce', '--sensor', '3']);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'Unknown flag --sensor for `iot produce`');
  assert.match(result.stderr, 'Did you mean --sensors?');
  const far = iot(['produce', '--frobnicate']);
  assert.is(far.code, 2);
  assert.not.match(far.stderr, 'Did you mean', 'nothing is suggested when no flag is near');
});

test('iot --help lists cycle first, says to start with it, and no line is wider than the terminal', () => {
  const result = iot(['--help']);
  assert.is(result.code, 0);
  const commandLines = result.stdout.split('\n').filter((line) => /^ {2}[a-z]+ {2,}/.test(line));
  assert.match(commandLines[0], /^ {2}cycle /);
  assert.match(result.stdout, 'Start with `iot cycle`');
  const widest = Math.max(...iot(['cycle', '--help']).stdout.split('\n').map((line) => line.length));
  assert.ok(widest <= 100, `help wrapped to 100 columns off a terminal, widest line ${widest}`);
});

test('a boolean flag gets one short help line, not the accepts/default/example block', () => {
  const help = iot(['produce', '--help']).stdout;
  const json = help.split('\n').findIndex((line) => line.trimStart().startsWith('--json'));
  assert.match(help.split('\n').slice(json, json + 3).join(' '), 'yes/no flag; default off');
  assert.not.match(help, 'a bare flag means true');
});

test('nearest finds typos, swaps and prefixes, and nothing for unrelated words', () => {
  assert.is(nearest('prodcue', ['produce', 'consume']), 'produce');
  assert.is(nearest('--sensor', ['--sensors', '--rate']), '--sensors');
  assert.is(nearest('merg', ['merge', 'etl']), 'merge');
  assert.is(nearest('explode', ['produce', 'consume', 'merge', 'etl', 'cycle']), undefined);
});

test('wrap keeps words whole and indents continuation lines under the text', () => {
  const lines = wrap('  --flag  ', 'one two three four five six seven', 20);
  assert.equal(lines, ['  --flag  one two', '          three four', '          five six', '          seven']);
});

test.after(() => scratch.cleanup());
test.run();
