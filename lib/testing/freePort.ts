import { createServer } from 'node:net';

/** A TCP port free right now on 127.0.0.1; with `pair`, the next port is free too (Kafka's controller). */
export async function freePort(pair = false): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (!pair || (await listenOnce(port + 1).then(() => true, () => false))) return port;
  }
  throw new Error('no free port pair found');
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
