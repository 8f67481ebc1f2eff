import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDatabaseUrl } from '../config/databaseUrl';
import { isPipelineError } from '../errors';
import { silentLogger } from '../log';
import { freePort } from '../../test/support';
import { connectDatabase } from '.';

async function failure(url: string): Promise<{ error: unknown; seconds: number }> {
  const start = Date.now();
  const error = await connectDatabase(parseDatabaseUrl(url), silentLogger).then(async (db) => { await db.close(); return undefined; }, (caught: unknown) => caught);
  return { error, seconds: (Date.now() - start) / 1000 };
}

for (const engine of ['postgres', 'mssql'] as const) {
  test(`${engine}: nobody listening fails fast, naming the engine, the host and what to check`, async () => {
    const port = await freePort();
    const { error, seconds } = await failure(`${engine}://iot:secret@127.0.0.1:${port}/iot`);
    assert.ok(isPipelineError(error), 'a PipelineError');
    assert.is(error.code, 'DB_CONNECT_FAILED');
    assert.match(error.message, engine === 'postgres' ? 'PostgreSQL' : 'SQL Server');
    assert.match(error.message, `127.0.0.1:${port}`);
    assert.not.match(error.message, 'secret', 'the password stays out of the message');
    assert.match(error.hint ?? '', 'Check');
    assert.ok(seconds < 30, `within 30 s (took ${seconds} s)`);
  });
}

test('sqlite: a database file that cannot be created names the path', async () => {
  const { error } = await failure('sqlite:/etc/hostname/sub/warehouse.db');
  assert.ok(isPipelineError(error));
  assert.match(error.message, 'SQLite at /etc/hostname/sub/warehouse.db');
});

test('a server that never answers is given up on within the 30 s bound', async () => {
  const { createServer } = await import('node:net');
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  try {
    const { error, seconds } = await failure(`postgres://iot:iot@127.0.0.1:${port}/iot`);
    assert.ok(isPipelineError(error));
    assert.ok(seconds <= 32, `gave up after ${seconds} s`);
  } finally {
    silent.close();
  }
});

test.run();
