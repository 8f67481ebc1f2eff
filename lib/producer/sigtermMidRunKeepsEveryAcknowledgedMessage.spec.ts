import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTopicToEnd } from '../kafka';
import { checkRules, checkStructure } from '../schema';
import { scratchDir, testBrokers, uniqueTopic } from '../../test/support';
import { sleep, waitFor } from '../process';

const iot = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

test('SIGTERM mid-run: exit 0, summary printed, every acknowledged message in the topic exactly once', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-sigterm');
  const scratch = scratchDir();
  const child = spawn(process.execPath, [iot, 'produce', '--topic', topic, '--rate', 'max', '--sensors', '50', '--seed', '3', '--invalid-ratio', '0.05', '--json'], {
    env: { ...process.env, KAFKA_BROKERS: brokers.join(','), DATA_DIR: scratch.dir },
  });
  try {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.ok(await waitFor(() => stderr.includes('producer.start'), { timeoutMs: 30_000, intervalMs: 100 }), 'the producer started');
    await sleep(2_500);
    child.kill('SIGTERM');
    const code = await exited;
    assert.is(code, 0, stderr);
    assert.ok(stderr.includes('acknowledged'), 'readable summary on stderr');
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.ok(summary.acknowledged > 1_000, `acknowledged ${summary.acknowledged}`);
    assert.is(summary.failed, 0);
    assert.is(summary.sent, summary.acknowledged);

    const records = await readTopicToEnd({ brokers, clientId: 'spec' }, topic);
    assert.is(records.length, summary.acknowledged, 'the topic holds exactly the acknowledged messages');
    // Judged as the consumer and the ETL judge them: the summary's valid count is what the topic holds.
    const valid = records.filter((record) => { const structure = checkStructure(record.value); return structure.ok && checkRules(structure.reading).length === 0; }).length;
    assert.is(valid, summary.byKind.valid, 'valid readings in the topic = the summary\'s valid count');
    assert.ok(valid < records.length, '--invalid-ratio 0.05 mixed bad kinds in');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    scratch.cleanup();
  }
});


test.run();
