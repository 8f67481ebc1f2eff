import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startIot, stopIot } from '../../test/support/cycle';
import { createLogger } from '../log';
import { isAlive, readPid, waitFor } from '../process';
import { kafkaService } from '../services/kafka';
import { nativeBrokerFiles } from '../services/kafka/nativeBroker';
import { freePort, scratchDir, testConfig, uniqueTopic } from '../../test/support';
import { dashboardUrl, openDashboard, shownReading } from '../../test/support/dashboard';

test('a killed broker shows "Kafka unreachable" within 5 s; the page recovers by itself when the broker is back', async () => {
  // A broker of this spec's own: killing the runner's broker would break every spec after this one.
  const scratch = scratchDir();
  const config = testConfig(scratch.dir, { KAFKA_BROKERS: '', KAFKA_PORT: String(await freePort(true)), KAFKA_RUNTIME: 'native' });
  const broker = kafkaService(config, createLogger({ component: 'spec' }));
  const address = (await broker.up()).address!;
  const env = { KAFKA_TOPIC: uniqueTopic('dashboard-kill'), KAFKA_BROKERS: address };
  const runs = [startIot(['produce', '--rate', '20', '--sensors', '2', '--duration', '8'], scratch.dir, env)];
  const dashboard = startIot(['dashboard', '--port', String(await freePort())], scratch.dir, env);
  runs.push(dashboard);
  let stdout = '';
  dashboard.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const open = await openDashboard(await dashboardUrl(dashboard, () => stdout));
  const { page } = open;
  const kafkaState = () => page.locator('#kafka-state').getAttribute('data-state');
  try {
    assert.ok(await waitFor(async () => (await shownReading(page, 1)) !== undefined, { timeoutMs: 30_000 }), 'readings show before the broker dies');
    assert.is(await kafkaState(), 'reachable');

    const pid = readPid(nativeBrokerFiles(join(config.paths.services, 'kafka')).pidFile)!;
    const killedAt = Date.now();
    process.kill(-pid, 'SIGKILL');
    assert.ok(await waitFor(async () => (await kafkaState()) === 'unreachable', { timeoutMs: 5_000, intervalMs: 100 }), 'unreachable within 5 s');
    const seconds = (Date.now() - killedAt) / 1000;
    assert.match((await page.locator('#kafka-state').textContent())!, /Kafka unreachable/);
    process.stdout.write(`"Kafka unreachable" shown ${seconds.toFixed(1)} s after the kill\n`);
    await waitFor(async () => !isAlive(pid), { timeoutMs: 5_000 });

    await broker.up();
    const before = (await shownReading(page, 1))!;
    runs.push(startIot(['produce', '--rate', '20', '--sensors', '2', '--duration', '60'], scratch.dir, env));
    assert.ok(await waitFor(async () => (await kafkaState()) === 'reachable', { timeoutMs: 30_000 }), 'reachable again');
    const fresh = await waitFor(async () => {
      const now = await shownReading(page, 1);
      return now !== undefined && (now.partition !== before.partition || now.offset > before.offset);
    }, { timeoutMs: 60_000 });
    assert.ok(fresh, 'readings produced after the restart show up');
    assert.equal(open.requests.filter((url) => !url.startsWith('http://127.0.0.1:') && !url.startsWith('data:')), []);
  } finally {
    await open.browser.close();
    await Promise.all(runs.map(stopIot));
    await broker.down();
    scratch.cleanup();
  }
});

test.run();
