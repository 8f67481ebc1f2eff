import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { commands } from './commands';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');
const scratch = scratchDir();

function run(args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [iot, ...args], {
    env: { ...process.env, DATA_DIR: scratch.dir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, seconds: (Date.now() - started) / 1000 };
}

test('a bad DATABASE_URL exits 2 naming the variable, the value and the accepted forms', () => {
  const result = run(['cycle'], { DATABASE_URL: 'foo://x' });
  assert.is(result.code, 2);
  assert.match(result.stderr, 'DATABASE_URL="foo://x" is not valid');
  assert.match(result.stderr, 'sqlite:PATH');
  assert.match(result.stderr, 'postgres://');
  assert.match(result.stderr, 'mssql://');
  assert.match(result.stderr, 'running the same command again unchanged will fail the same way', 'a bad setting is not retriable');
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
});

test('iot consume past its STREAM_HEAP_MB stops with STREAM_HEAP_EXHAUSTED naming the setting, exit 1, no stack trace', () => {
  // 8 MB is less than the stream's code needs once loaded, so the bound is met before any broker is asked.
  const result = run(['consume', '--duration', '5'], { STREAM_HEAP_MB: '8', KAFKA_BROKERS: '127.0.0.1:1' });
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stderr, 'error [STREAM_HEAP_EXHAUSTED]: `iot consume` needed more than its 8 MB JavaScript heap (STREAM_HEAP_MB)');
  assert.match(result.stderr, 'Raise STREAM_HEAP_MB');
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
});

test('a bad STREAM_HEAP_MB exits 2 naming the variable and its range', () => {
  const result = run(['consume', '--duration', '5'], { STREAM_HEAP_MB: '4' });
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, 'STREAM_HEAP_MB="4" is not valid: expected an integer from 8 to 65536');
});

test('a bad flag value exits 2 naming the flag and what it accepts', () => {
  const result = run(['services', 'up', 'kafka', '--json=maybe']);
  assert.is(result.code, 2);
  assert.match(result.stderr, '--json "maybe" is not valid: expected true or false');
});

test('an unknown command or flag exits 2 and points to --help', () => {
  assert.is(run(['explode']).code, 2);
  const flag = run(['services', '--frobnicate']);
  assert.is(flag.code, 2);
  assert.match(flag.stderr, 'Unknown flag --frobnicate');
});

test('every subcommand has --help listing its flags with defaults', () => {
  assert.equal(commands.map((command) => command.name), ['cycle', 'produce', 'consume', 'merge', 'etl', 'dashboard', 'services']);
  for (const command of commands) {
    const result = run([command.name, '--help']);
    assert.is(result.code, 0, command.name);
    assert.match(result.stdout, `Usage: iot ${command.name}`);
    for (const flag of Object.keys(command.flags)) {
      assert.match(result.stdout, `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
    }
  }
  assert.match(run(['--help']).stdout, 'Commands:');
});

test('an unreachable KAFKA_BROKERS gives a clear error within 30 s, not a hang', () => {
  const result = run(['services', 'up', 'kafka'], { KAFKA_BROKERS: '127.0.0.1:1' });
  assert.is(result.code, 1);
  assert.ok(result.seconds < 35, `took ${result.seconds} s`);
  assert.match(result.stderr, 'Kafka at 127.0.0.1:1 did not answer');
  assert.match(result.stderr, 'KAFKA_BROKERS');
  assert.match(result.stderr, 'may succeed when run again', 'an unreachable service is retriable');
});

test.after(() => scratch.cleanup());
test.run();
