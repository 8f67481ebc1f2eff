// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './makeTargets';

/** The top README and every README beside the code (lib/<stage>/, superset/, bench/, …), never node_modules or dist. */
function readmes(dir = repoRoot): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || ['node_modules', 'dist', 'data'].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...readmes(path));
    else if (name === 'README.md') found.push(path);
  }
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

/** Markdown links and images outside code: [text](target) and ![alt](target). */
function links(file: string): Array<{ target: string; image: boolean }> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => ({ image: match[1] === '!', target: match[2] }));
}

const files = readmes();

test('the top README is a front page: at most 300 lines, with a table of contents', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const lines = readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);
  assert.ok(lines <= 300, `README.md has ${lines} lines`);
  assert.match(readme, /^## Contents$/m);
});

test('stage READMEs exist for the stages the top README sends readers to', () => {
  for (const stage of ['producer', 'stream', 'merge', 'etl', 'cycle', 'kafka', 'db', 'dashboard', 'notebook', 'cli', 'config']) {
    assert.ok(files.includes(join(repoRoot, 'lib', stage, 'README.md')), `lib/${stage}/README.md is missing`);
  }
});

for (const file of files) {
  test(`every link and image in ${relative(repoRoot, file)} resolves`, () => {
    const broken: string[] = [];
    for (const { target, image } of links(file)) {
      if (/^(https?:|mailto:)/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path));
      if (!existsSync(resolved)) { broken.push(`${target} (no such ${image ? 'image' : 'file'})`); continue; }
      if (image && statSync(resolved).size === 0) broken.push(`${target} (empty image)`);
      if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${target} (no heading #${anchor})`);
    }
    assert.equal(broken, [], `broken in ${relative(repoRoot, file)}: ${broken.join(', ')}`);
  });
}

test('anchors are made as GitHub makes them', () => {
  assert.is(anchorOf('A demo in one command: `make demo`'), 'a-demo-in-one-command-make-demo');
  assert.is(anchorOf('Scaling out: a Kafka cluster, and surviving broker failures'), 'scaling-out-a-kafka-cluster-and-surviving-broker-failures');
});

test.run();
