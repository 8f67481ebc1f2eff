import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scratchDir, startOwnKafka } from '../../test/support';
import { CycleResult } from './runCycle';
import { backups, csvRows, jsonLines, querySqlite, startIot, stopIot } from '../../test/support/cycle';
import { sleep } from '../process';


test('rolling restart of all three nodes of a cluster, one at a time, during a cycle: every reading archived once, ETL SUCCESS', async () => {
  const cluster = scratchDir();
  const data = scratchDir();
  const kafka = await startOwnKafka(cluster.dir, 3);
  const run = startIot(['cycle', '--duration', '60', '--rate', '500', '--sensors', '20', '--json'], data.dir, { KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'warn' });
  try {
    await sleep(6_000);
    const restarted: number[] = [];
    for (const id of [1, 2, 3]) {
      await kafka.stop(id);
      await sleep(2_000);
      await kafka.restart();
      restarted.push(id);
      process.stdout.write(`node ${id} restarted\n`);
      await sleep(4_000);
    }
    const { code, stdout, stderr } = await run.done;
    assert.is(code, 0, stderr.slice(-800));
    assert.equal(restarted, [1, 2, 3]);
    const [result] = jsonLines<CycleResult>(stdout);
    assert.is(result.etlStatus, 'SUCCESS');
    const archived = backups(data.dir).flatMap(csvRows);
    assert.ok(result.produced > 10_000, `produced ${result.produced}`);
    assert.is(archived.length, result.produced, 'every acknowledged reading archived, none twice');
    assert.is(result.mergedRows, result.produced);
    assert.is(result.loadedRows, result.produced);
    const loaded = querySqlite<{ rows: number }>(data.dir, 'SELECT COUNT(*) AS rows FROM sensor_data');
    assert.is(loaded[0].rows, result.produced);
  } finally {
    await stopIot(run);
    await kafka.down();
    cluster.cleanup();
    data.cleanup();
  }
});

test.run();
