import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, scratchDir } from '../../test/support';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

test('a broker that does not answer at start: clear error naming it within 30 s, exit 1', async () => {
  const port = await freePort();
  const scratch = scratchDir();
  const started = Date.now();
  const child = spawn(process.execPath, [iot, 'produce', '--count', '10'], {
    env: { ...process.env, KAFKA_BROKERS: `127.0.0.1:${port}`, DATA_DIR: scratch.dir },
  });
  try {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (Date.now() - started) / 1000;
    assert.is(code, 1, stderr);
    assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
    assert.match(stderr, /error \[KAFKA_UNREACHABLE\]: Kafka at 127\.0\.0\.1:\d+ did not answer/);
    assert.match(stderr, /→ .*KAFKA_BROKERS/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    scratch.cleanup();
  }
});

test.run();
