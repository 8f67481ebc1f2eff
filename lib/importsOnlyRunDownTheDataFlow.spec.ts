// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The data flow, bottom to top: a folder of lib/ may import only folders on
 * a lower step (and itself). Folders on one step stay independent of each
 * other. The stream never imports the merge; the merge and the ETL may use
 * the stream's public API.
 */
const steps: string[][] = [
  ['errors', 'files'],
  ['process', 'log', 'config'],
  ['lock', 'schema'],
  ['db', 'kafka'],
  ['services'],
  ['producer'],
  ['stream'],
  ['merge'],
  ['etl'],
  ['notebook'],
  ['cycle', 'dashboard'],
  ['cli'],
];

const libDir = resolve(__dirname, '..', '..', 'lib');
const stepOf = new Map(steps.flatMap((folders, step) => folders.map((folder) => [folder, step] as const)));
const specifier = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The lib/ folder a path lies in or names (`../stream` is the folder's index), or undefined outside lib/ or for lib/'s own top-level files. */
function folderOf(path: string): string | undefined {
  const [first] = relative(libDir, path).split(sep);
  return first !== '' && first !== '..' && (stepOf.has(first) || isFolder(join(libDir, first))) ? first : undefined;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Imports of `file` (its text given) that run back up the flow or sideways; comments do not count. */
function importsRunningBack(file: string, text: string): string[] {
  const from = folderOf(file);
  if (from === undefined) return [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of code.matchAll(specifier)) {
    const to = folderOf(resolve(file, '..', match[1]));
    if (to === undefined || to === from) continue;
    const [fromStep, toStep] = [stepOf.get(from), stepOf.get(to)];
    if (fromStep === undefined || toStep === undefined || toStep >= fromStep) found.push(`${relative(libDir, file)} imports ${match[1]} (${from} → ${to})`);
  }
  return found;
}

test('every folder of lib/ has a step in the data flow', () => {
  const folders = readdirSync(libDir).filter((name) => statSync(join(libDir, name)).isDirectory());
  assert.equal(folders.filter((folder) => !stepOf.has(folder)), [], 'a new folder needs its place in `steps`');
});

test('no import in lib/ runs back up the data flow or sideways between folders of one step', () => {
  assert.equal(sourceFiles(libDir).flatMap((file) => importsRunningBack(file, readFileSync(file, 'utf8'))), []);
});

test('the check sees an import that runs back up, also a dynamic one, and not one in a comment', () => {
  const file = join(libDir, 'stream', 'engine', 'groupFloor.ts');
  assert.equal(importsRunningBack(file, "import { checkpointRoots } from '../../merge/manifest';"), [
    'stream/engine/groupFloor.ts imports ../../merge/manifest (stream → merge)',
  ]);
  assert.equal(importsRunningBack(file, "const { runCycle } = await import('../../cycle');").length, 1);
  assert.equal(importsRunningBack(file, "/** see `import { x } from '../../merge'` */\n// from '../../etl'"), []);
  assert.equal(importsRunningBack(join(libDir, 'merge', 'index.ts'), "import { checkpointFiles } from '../stream';"), []);
});

test.run();
