import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../log';
import { csvHeader } from '../schema';
import { scratchDir, testConfig } from '../../test/support';
import { backupFileName } from './backupName';
import { writeJournal } from './mergeJournal';
import { mergeParts } from '.';
import { writeCommittedPart } from '../../test/support/merge/committedParts';

/** A data folder as a merge killed between publishing its backup and deleting its parts would leave it. */
function interruptedMerge(dir: string, published: 'renamed' | 'linked' | 'not yet') {
  const config = testConfig(dir);
  mkdirSync(config.paths.output, { recursive: true });
  mkdirSync(config.paths.backup, { recursive: true });
  const part = writeCommittedPart(config, 0, ['1,20,50,2026-11-26 10:00:00']);
  const temp = join(config.paths.backup, '.merge-1-1.tmp.csv');
  const backup = join(config.paths.backup, backupFileName(new Date(2026, 0, 1)));
  if (published === 'renamed') writeFileSync(backup, `${csvHeader}\n1,20,50,2026-11-26 10:00:00\n`);
  else writeFileSync(temp, `${csvHeader}\n1,20,50,2026-11-26 10:00:00\n`);
  if (published === 'linked') linkSync(temp, backup);
  writeJournal(config.paths.backup, { tempPath: temp, files: [part] });
  return { config, part, backup };
}

const backupsIn = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('sensor_data_'));

for (const published of ['renamed', 'linked'] as const) {
  test(`a merge killed after publishing (${published}) has its parts deleted by the next merge, never archived twice`, async () => {
    const scratch = scratchDir();
    try {
      const { config, part } = interruptedMerge(scratch.dir, published);
      const summary = await mergeParts({ config, logger: silentLogger });
      assert.is(summary.files, 0);
      assert.not.ok(existsSync(part));
      assert.equal(backupsIn(config.paths.backup).length, 1);
      assert.equal(readdirSync(config.paths.backup).filter((name) => name.startsWith('.')), [], 'temporary file and journal are gone');
    } finally {
      scratch.cleanup();
    }
  });
}

test('a merge killed before publishing is undone and its parts are merged now', async () => {
  const scratch = scratchDir();
  try {
    const { config, part } = interruptedMerge(scratch.dir, 'not yet');
    const summary = await mergeParts({ config, logger: silentLogger });
    assert.is(summary.rows, 1);
    assert.not.ok(existsSync(part));
    assert.equal(backupsIn(config.paths.backup).length, 1);
    assert.equal(readdirSync(config.paths.backup).filter((name) => name.startsWith('.')), []);
  } finally {
    scratch.cleanup();
  }
});

test('an unpublished backup left by a merge killed before its journal is removed', async () => {
  const scratch = scratchDir();
  try {
    const config = testConfig(scratch.dir);
    mkdirSync(config.paths.backup, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(config.paths.backup, `.merge-${dead}-1.tmp.csv`), 'half');
    await mergeParts({ config, logger: silentLogger });
    assert.equal(readdirSync(config.paths.backup), []);
  } finally {
    scratch.cleanup();
  }
});

test.run();
