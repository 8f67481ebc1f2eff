import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../../test/support';

const iot = join(__dirname, '..', '..', '..', '..', 'scripts', 'iot.js');

/** `iot consume` with bad event-time flags, against a broker that does not exist: the flags must be refused before anything connects or writes. */
function consume(flags: string[]) {
  const scratch = scratchDir();
  try {
    const result = spawnSync(process.execPath, [iot, 'consume', '--duration', '1', ...flags], {
      env: { ...process.env, DATA_DIR: scratch.dir, KAFKA_BROKERS: '127.0.0.1:1' }, encoding: 'utf8', timeout: 60_000,
    });
    return { code: result.status, stderr: result.stderr, wroteCheckpoint: existsSync(join(scratch.dir, 'checkpoint')) };
  } finally {
    scratch.cleanup();
  }
}

const cases: [string, string[], RegExp][] = [
  ['--window 0', ['--window', '0'], /--window "0" is not a window size: it must be longer than zero/],
  ['--window soon', ['--window', 'soon'], /--window "soon" is not a duration/],
  ['--watermark -5s', ['--watermark', '-5s'], /--watermark "-5s" is negative/],
  ['--slide larger than --window', ['--window', '1m', '--slide', '2m'], /--slide 2m is longer than --window 1m/],
  ['a slide that does not divide the window', ['--window', '1m', '--slide', '25s'], /--slide 25s does not divide --window 1m/],
  ['--slide with --window off', ['--window', 'off', '--slide', '30s'], /--slide needs windows/],
];

for (const [name, flags, message] of cases) {
  test(`${name} exits 2 with a clear message, before connecting or writing anything`, () => {
    const result = consume(flags);
    assert.is(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
    assert.not.ok(result.wroteCheckpoint, 'no checkpoint was created');
  });
}

test.run();
