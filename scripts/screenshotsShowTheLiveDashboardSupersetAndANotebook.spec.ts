import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunch } from '../lib/services/superset/dashboardInBrowser';
import { scratchDir } from '../test/support';
import { repoRoot } from './makeTargets';
import type { Shot } from './screenshots';

/**
 * `make screenshots` as the README's pictures come from it: the script runs for real (cycles, the live dashboard,
 * Superset, nbconvert) into a scratch folder; each PNG must exist, be small enough to commit, show more than a blank
 * page, and come from the page whose title the script read from the page itself.
 */
const out = scratchDir('iot-screenshots-out-');

/** Distinct colours on a 40 × 40 grid of the picture, decoded by the browser: a blank or one-colour page has a handful. */
async function distinctColours(png: string): Promise<number> {
  const browser = await chromium.launch({ ...chromiumLaunch, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  try {
    const page = await browser.newPage();
    // Runs in the page (this project compiles without the DOM's types, so the code goes as text).
    return await page.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${readFileSync(png).toString('base64')}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const colours = new Set();
      for (let x = 0; x < 40; x++) {
        for (let y = 0; y < 40; y++) colours.add(context.getImageData(Math.floor(x * image.width / 40), Math.floor(y * image.height / 40), 1, 1).data.join(','));
      }
      return colours.size;
    })()`) as number;
  } finally {
    await browser.close();
  }
}

test('make screenshots writes the live dashboard, the Superset dashboard and a notebook page, each non-blank, under 300 KB, with its page title', async () => {
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'scripts', 'screenshots.js'), '--out-dir', out.dir], { encoding: 'utf8', timeout: 1_500_000 });
  assert.is(run.status, 0, run.stderr.slice(-2000));
  const shots = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Shot);
  const expected: Record<Shot['name'], RegExp> = { dashboard: /^IoT Pipeline live$/, superset: /^IoT Pipeline$/, notebook: /^2 · Consumer: Kafka → micro-batches → CSV part files$/ };
  assert.equal(shots.map((shot) => shot.name).sort(), Object.keys(expected).sort());
  for (const shot of shots) {
    assert.ok(shot.file.startsWith(out.dir) && existsSync(shot.file), `${shot.name}: ${shot.file} exists`);
    assert.match(shot.title, expected[shot.name], `${shot.name}: the page's title`);
    assert.ok(shot.bytes > 10_000 && shot.bytes <= 300 * 1024, `${shot.name}: ${shot.bytes} bytes`);
    assert.ok(await distinctColours(shot.file) >= 12, `${shot.name}: the picture is not blank`);
  }
});

test.after(() => out.cleanup());
test.run();
