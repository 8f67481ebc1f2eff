import { createServer } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startIot, stopIot } from '../../test/support/cycle';
import { waitFor } from '../process';
import { freePort, scratchDir } from '../../test/support';
import type { Snapshot } from './liveState';
import { dashboardUrl } from '../../test/support/dashboard';

// No broker needed: port 1 answers nothing, which the page must report as Kafka unreachable.
const env = { KAFKA_BROKERS: '127.0.0.1:1' };

test('by default the page is on 127.0.0.1 with no warning, and says Kafka is unreachable when no broker answers', async () => {
  const scratch = scratchDir();
  const run = startIot(['dashboard', '--port', String(await freePort())], scratch.dir, env);
  let stdout = '';
  run.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    const url = await dashboardUrl(run, () => stdout);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(url);
    assert.is(response.status, 200);
    assert.match(response.headers.get('content-security-policy')!, /default-src 'self'/);
    const unreachable = await waitFor(async () => ((await (await fetch(`${url}api/state`)).json()) as Snapshot).health.topic?.kafka === 'unreachable', { timeoutMs: 5_000, intervalMs: 200 });
    assert.ok(unreachable, 'Kafka unreachable within 5 s of start');
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    assert.is(code, 0);
    assert.not.match(stderr, /dashboard\.exposed/);
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

test('another address is used only when asked, with a warning that the page has no login', async () => {
  const scratch = scratchDir();
  const port = await freePort();
  const run = startIot(['dashboard', '--port', String(port), '--host', '0.0.0.0'], scratch.dir, env);
  let stdout = '';
  run.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    assert.match(await dashboardUrl(run, () => stdout), new RegExp(`^http://0\\.0\\.0\\.0:${port}/$`));
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    assert.is(code, 0);
    assert.match(stderr, /dashboard\.exposed/);
    assert.match(stderr, /no login/);
  } finally {
    await stopIot(run);
    scratch.cleanup();
  }
});

test('a taken port exits 1 naming the address and what to do', async () => {
  const scratch = scratchDir();
  const holder = createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  try {
    const { code, stderr } = await startIot(['dashboard', '--port', String(port)], scratch.dir, env).done;
    assert.is(code, 1);
    assert.match(stderr, new RegExp(`DASHBOARD_PORT_UNAVAILABLE.*127\\.0\\.0\\.1:${port}.*port is taken`));
    assert.match(stderr, /--port or DASHBOARD_PORT/);
  } finally {
    holder.close();
    scratch.cleanup();
  }
});

test.run();
