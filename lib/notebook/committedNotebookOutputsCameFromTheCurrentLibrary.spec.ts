import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { notebooksDir } from './jupyter';
import { tslabNotebook } from './notebookJson';
import { notebookOrder } from './runNotebooks';
import { librarySourceHash, staleness, writeStampedNotebook } from './sourceStamp';

test('every committed notebook was executed by `make notebooks` on the library sources lib/ holds now', () => {
  const current = librarySourceHash();
  const stale = notebookOrder.map((name) => staleness(join(notebooksDir, `${name}.ipynb`), current)).filter((reason) => reason !== undefined);
  assert.ok(stale.length === 0, stale.join('\n'));
});

test('a stamped notebook is fresh until a library source or one of its code cells changes; specs and test support (outside lib/) do not count', () => {
  const scratch = scratchDir('iot-notebook-stamp-');
  try {
    const lib = join(scratch.dir, 'lib');
    mkdirSync(lib, { recursive: true });
    mkdirSync(join(scratch.dir, 'test', 'support'), { recursive: true });
    writeFileSync(join(lib, 'stage.ts'), 'export const a = 1;\n');
    const notebook = join(scratch.dir, 'stage.ipynb');
    writeStampedNotebook(tslabNotebook([{ code: '1' }]), notebook, librarySourceHash(scratch.dir));
    assert.is(staleness(notebook, librarySourceHash(scratch.dir)), undefined);
    writeFileSync(join(lib, 'stage.spec.ts'), 'test();\n');
    writeFileSync(join(scratch.dir, 'test', 'support', 'helper.ts'), 'export {};\n');
    assert.is(staleness(notebook, librarySourceHash(scratch.dir)), undefined, 'specs and test/support are not what notebooks show');
    const edited = tslabNotebook([{ code: '2' }]);
    writeStampedNotebook(tslabNotebook([{ code: '1' }]), notebook, librarySourceHash(scratch.dir));
    const stamped = JSON.parse(readFileSync(notebook, 'utf8'));
    writeFileSync(notebook, JSON.stringify({ ...stamped, cells: edited.cells }));
    assert.match(staleness(notebook, librarySourceHash(scratch.dir)) ?? '', 'code cells edited');
    writeStampedNotebook(tslabNotebook([{ code: '1' }]), notebook, librarySourceHash(scratch.dir));
    writeFileSync(join(lib, 'stage.ts'), 'export const a = 2;\n');
    assert.match(staleness(notebook, librarySourceHash(scratch.dir)) ?? '', 'Run `make notebooks`');
    writeFileSync(notebook, JSON.stringify(tslabNotebook([{ code: '1' }])));
    assert.match(staleness(notebook, librarySourceHash(scratch.dir)) ?? '', 'records no library hash');
  } finally {
    scratch.cleanup();
  }
});

test.run();
