import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createProducer, readTopicToEnd } from '../kafka';
import { startIot, stopIot } from '../../test/support/cycle';
import { freePort, scratchDir, testBrokers, uniqueTopic } from '../../test/support';
import { isAlive, waitFor } from '../process';
import { dashboardMembers, dashboardUrl, latestOffsets, openDashboard, shownReading, waitForSelector } from '../../test/support/dashboard';

test('the page shows readings produced under 2 s ago, a growing chart, lag and batches, a marked out-of-range reading; Ctrl-C leaves no member', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('dashboard');
  const scratch = scratchDir();
  const env = { KAFKA_TOPIC: topic, KAFKA_BROKERS: brokers.join(',') };
  const producer = startIot(['produce', '--rate', '20', '--sensors', '4', '--duration', '120'], scratch.dir, env);
  const dashboard = startIot(['dashboard', '--port', String(await freePort()), '--trigger', '1'], scratch.dir, env);
  let stdout = '';
  dashboard.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const consumer = { run: undefined as ReturnType<typeof startIot> | undefined };
  const kafka = { brokers, clientId: 'dashboard-spec' };
  const open = await openDashboard(await dashboardUrl(dashboard, () => stdout));
  try {
    const { page } = open;
    assert.ok(await waitForSelector(page, '.sensor[data-sensor="1"][data-offset]', 30_000), 'sensor 1 shows a reading');

    // The latest value shown is a real reading from the topic, written less than 2 s before the page showed it.
    // The log end noted at `notedAt` bounds the shown record's age: at or past it, it was written after `notedAt`.
    const notedAt = Date.now();
    const offsetsBefore = await latestOffsets(brokers, topic);
    await page.waitForTimeout(Math.max(0, notedAt + 1_500 - Date.now()));
    const shown = (await shownReading(page, 1))!;
    const age = Date.now() - notedAt;
    assert.ok(age < 2_000, `the page was read ${age} ms after the log end was noted`);
    const record = (await readTopicToEnd(kafka, topic)).find((candidate) => candidate.partition === shown.partition && Number(candidate.offset) === shown.offset);
    assert.ok(record, `the shown reading is at ${shown.partition}:${shown.offset} in the topic`);
    const reading = JSON.parse(record!.value!);
    assert.is(reading.sensor_id, 1);
    assert.is(reading.temperature, shown.temperature);
    assert.is(reading.humidity, shown.humidity);
    assert.ok(shown.offset >= offsetsBefore.get(shown.partition)!, `offset ${shown.offset} was written after ${offsetsBefore.get(shown.partition)}, the end 2 s before`);

    const pointsThen = shown.points;
    await page.waitForTimeout(2_000);
    const pointsNow = (await shownReading(page, 1))!.points;
    assert.ok(pointsNow > pointsThen, `chart points grow: ${pointsThen} → ${pointsNow}`);

    // Lag and batch rows appear once a consumer runs.
    assert.is(await page.locator('#batches tbody tr').count(), 0, 'no batch before a consumer ran');
    consumer.run = startIot(['consume', '--duration', '0', '--trigger', '1'], scratch.dir, env);
    assert.ok(await waitForSelector(page, '#batches tbody tr', 60_000), 'a batch row appears');
    const committedCells = page.locator('#lag tbody tr td:nth-child(3)');
    const lagFilled = await waitFor(async () => (await committedCells.allTextContents()).some((cell) => /^[\d,]+$/.test(cell)), { timeoutMs: 30_000 });
    assert.ok(lagFilled, 'lag rows with committed offsets appear');
    const batchRows = Number((await page.locator('#batches tbody tr').first().locator('td').nth(2).textContent())!.replace(/,/g, ''));
    assert.ok(batchRows > 0, `the last batch wrote ${batchRows} rows`);
    assert.match((await page.locator('#consumer-state').textContent())!, /running/);

    // An out-of-range reading is marked where it appears.
    const sender = createProducer(kafka);
    const timestamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
    const value = JSON.stringify({ sensor_id: 2, temperature: 120.5, humidity: 40, timestamp });
    await sender.send({ messages: [{ topic, key: Buffer.from('2'), value: Buffer.from(value) }] }).finally(() => sender.close());
    assert.ok(await waitForSelector(page, '#anomalies tr.marked[data-sensor="2"]', 10_000), 'the reading is listed as marked');
    const row = (await page.locator('#anomalies tr.marked[data-sensor="2"]').first().textContent())!;
    assert.match(row, /120\.5/);
    assert.match(row, /temperature out of range/);

    const outside = open.requests.filter((url) => !url.startsWith('http://127.0.0.1:') && !url.startsWith('data:'));
    assert.equal(outside, [], 'the page requested nothing outside 127.0.0.1');

    // Ctrl-C: the dashboard leaves its group, and nothing of it is left running.
    assert.is(await dashboardMembers(brokers), 1, 'the dashboard is one member of iot-dashboard while it runs');
    dashboard.child.kill('SIGINT');
    const { code } = await dashboard.done;
    assert.is(code, 0);
    assert.is(await dashboardMembers(brokers), 0, 'no member left in iot-dashboard');
    assert.not.ok(isAlive(dashboard.child.pid!), 'the dashboard process is gone');
  } finally {
    await open.browser.close();
    await Promise.all([stopIot(dashboard), stopIot(producer), consumer.run ? stopIot(consumer.run) : undefined]);
    scratch.cleanup();
  }
});

test.run();
