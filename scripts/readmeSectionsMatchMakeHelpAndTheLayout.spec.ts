// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeHelp, makeTargetsTable, repoRoot } from './makeTargets';
import { makeTargetsSection, readmeFile } from './readme';
import { replaceSection, sectionBody, sectionMarkers } from './readmeSection';

const readme = readFileSync(readmeFile, 'utf8');

test('the README lists every make target exactly as `make help` does (regenerate: make readme)', () => {
  const targets = makeHelp();
  assert.ok(targets.some((target) => target.target === 'test') && targets.some((target) => target.target === 'readme'), targets.map((t) => t.target).join(' '));
  assert.is(sectionBody(readme, makeTargetsSection), makeTargetsTable(targets), 'README make-target table is stale: run `make readme`');
});

test("the README's layout names every folder of lib/ and every top-level folder", () => {
  const layout = readme.slice(readme.indexOf('## Layout'));
  const folders = (dir: string) => readdirSync(join(repoRoot, dir)).filter((name) => !name.startsWith('.') && statSync(join(repoRoot, dir, name)).isDirectory());
  for (const folder of folders('lib')) assert.match(layout, `lib/${folder}/`, `lib/${folder}/ is missing from the README layout`);
  for (const folder of folders('.').filter((name) => !['node_modules', 'dist', 'data'].includes(name))) assert.match(layout, `\n${folder}/`, `${folder}/ is missing from the README layout`);
});

test('a generated section is replaced between its markers and nowhere else', () => {
  const markers = sectionMarkers('demo', 'a spec');
  const text = `# x\n${markers.start}\nold\n${markers.end}\nrest\n`;
  const replaced = replaceSection(text, markers, 'new');
  assert.is(sectionBody(replaced, markers), 'new');
  assert.ok(replaced.startsWith('# x\n') && replaced.endsWith(`${markers.end}\nrest\n`));
  assert.throws(() => replaceSection('# none', markers, 'new'), /lacks the markers/);
});

test.run();
