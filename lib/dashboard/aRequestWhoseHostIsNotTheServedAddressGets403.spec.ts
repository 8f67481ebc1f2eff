// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'node:http';
import { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { allowedHostHeaders } from './hostCheck';
import { LiveState } from './liveState';
import { createDashboardServer } from './server';
import { SseHub } from './sseHub';

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

test('the page and /api/state answer as the served address (and localhost), and 403 for any other Host header', async () => {
  const state = new LiveState();
  const app = await createDashboardServer(state, new SseHub(state), '127.0.0.1');
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const { port } = app.server.address() as AddressInfo;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const answer = await get(port, '/api/state', host);
      assert.is(answer.status, 200, host);
      assert.ok(JSON.parse(answer.body), host);
    }
    for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      for (const path of ['/api/state', '/', '/events']) {
        const refused = await get(port, path, host);
        assert.is(refused.status, 403, `${host} ${path}`);
        assert.match(refused.body, `answers only as 127.0.0.1:${port}`);
      }
    }
  } finally {
    await app.close();
  }
});

test('a wildcard address answers as loopback, the host name and this machine\'s addresses; a named host only as itself', () => {
  const wildcard = allowedHostHeaders('0.0.0.0', 8050);
  for (const header of ['127.0.0.1:8050', 'localhost:8050', '[::1]:8050', `${hostname().toLowerCase()}:8050`]) assert.ok(wildcard.has(header), header);
  assert.not.ok(wildcard.has('evil.example:8050'));
  assert.equal([...allowedHostHeaders('10.1.2.3', 8050)], ['10.1.2.3:8050']);
  assert.ok(allowedHostHeaders('::1', 80).has('[::1]'), 'port 80 may be left out, as browsers do');
});

test.run();
