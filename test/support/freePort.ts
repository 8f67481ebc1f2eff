import { createServer } from 'node:net';

/**
 * A TCP port free right now on 127.0.0.1; with `pair`, the next port is free
 * too (Kafka's controller); with a number, that many consecutive ports are
 * (a local Kafka cluster: 2 per node).
 */
export async function freePort(pair: boolean | number = false): Promise<number> {
  const span = pair === true ? 2 : pair === false ? 1 : pair;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (port + span > 65535) continue;
    if (await allFree(port + 1, span - 1)) return port;
  }
  throw new Error(`no ${span} consecutive free ports found`);
}

async function allFree(from: number, count: number): Promise<boolean> {
  for (let port = from; port < from + count; port++) {
    if (!(await listenOnce(port).then(() => true, () => false))) return false;
  }
  return true;
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
  });
}
