import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from 'pg';
import { createLogger } from '../../log';
import { freePort, scratchDir, testConfig } from '../../../test/support';
import { isAlive } from '../../process';
import { postgresService } from '.';
import { postmasterPid } from './nativePostgres';
import { join } from 'node:path';

test('postgres: up, create a table, insert, read back, down leaves no postmaster', async () => {
  const scratch = scratchDir('iot-pg-service-');
  const config = testConfig(scratch.dir, { POSTGRES_PORT: String(await freePort()) });
  const service = postgresService(config, createLogger({ component: 'test', level: 'warn' }));
  try {
    const status = await service.up();
    assert.ok(status.ready);
    assert.is(status.connectionUrl, `postgres://iot:iot@127.0.0.1:${config.postgresPort}/iot`);
    const pid = postmasterPid(join(config.paths.services, 'postgres'));
    assert.ok(pid !== undefined && isAlive(pid), 'a postmaster runs');
    const client = new Client({ connectionString: status.connectionUrl });
    await client.connect();
    try {
      await client.query('CREATE TABLE readings (sensor_id INTEGER, temperature DOUBLE PRECISION)');
      await client.query('INSERT INTO readings VALUES ($1, $2), ($3, $4)', [1, 21.5, 2, -3.25]);
      const rows = (await client.query('SELECT sensor_id, temperature FROM readings ORDER BY sensor_id')).rows;
      assert.equal(rows, [{ sensor_id: 1, temperature: 21.5 }, { sensor_id: 2, temperature: -3.25 }]);
    } finally {
      await client.end();
    }
    assert.ok((await service.up()).ready, 'a second up reuses the running server');
    const down = await service.down();
    assert.is(down.mode, 'stopped');
    assert.not.ok(isAlive(pid!), 'the postmaster is gone');
    assert.is((await service.status()).ready, false);
  } finally {
    await service.down().catch(() => undefined);
    scratch.cleanup();
  }
});

test.run();
