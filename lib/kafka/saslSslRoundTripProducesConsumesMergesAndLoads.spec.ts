import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../config';
import { IotRun, iotWithEnvFile, saslSslEnvFile, SaslSslBroker, startIot, startSaslSslBroker } from '../../test/support/kafka/saslSslBroker';
import { scratchDir, uniqueTopic } from '../../test/support';

const scratch = scratchDir('iot-sasl-ssl-');
const dataDir = join(scratch.dir, 'data');
const count = 3_000;
const runs: IotRun[] = [];
const processLists: string[] = [];
let broker: SaslSslBroker;
let envFile: string;

test.before(async () => {
  broker = await startSaslSslBroker(scratch.dir, loadConfig({ env: process.env }).cacheDir);
  envFile = saslSslEnvFile(broker, join(scratch.dir, 'sasl-ssl.env'));
});

/** Every command line on the machine, sampled while our commands run: what `ps` would show anyone. */
function sampleProcessList(): void {
  processLists.push(execFileSync('ps', ['-eww', '-o', 'args'], { encoding: 'utf8' }));
}

async function iot(args: string[]): Promise<IotRun> {
  const running = startIot(args, envFile, dataDir);
  const sampler = setInterval(sampleProcessList, 300);
  try {
    const run = await running.done;
    runs.push(run);
    assert.is(run.code, 0, `iot ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
    return run;
  } finally {
    clearInterval(sampler);
  }
}

test('produce → consume → merge → ETL through SASL_SSL with SCRAM-SHA-512: every reading written or quarantined once, and loaded', async () => {
  const topic = uniqueTopic('sasl-ssl');
  const produced = JSON.parse((await iot(['produce', '--count', String(count), '--seed', '11', '--invalid-ratio', '0.05', '--rate', 'max', '--topic', topic, '--json'])).stdout);
  assert.is(produced.acknowledged, count);
  assert.is(produced.failed, 0);
  const badForConsumer = ['unparseable', 'missing_field', 'wrong_type', 'empty_value'].reduce((sum, kind) => sum + (produced.sentByKind[kind] ?? 0), 0);
  const badForEtl = (produced.sentByKind.bad_timestamp ?? 0) + (produced.sentByKind.out_of_range ?? 0);
  assert.ok(badForConsumer > 0 && badForEtl > 0, 'both kinds of bad readings were sent');

  const consumed = (await iot(['consume', '--topic', topic, '--duration', '20', '--trigger', '1'])).stdout;
  const [, records, rows, quarantined] = /consumed (\d+) records in \d+ batches: (\d+) rows to \d+ part files, (\d+) quarantined/.exec(consumed) ?? [];
  assert.is(Number(records), count, consumed);
  assert.is(Number(quarantined), badForConsumer);
  assert.is(Number(rows), count - badForConsumer);

  const merged = JSON.parse((await iot(['merge', '--json'])).stdout);
  assert.is(merged.rows, count - badForConsumer);
  assert.is(readFileSync(merged.backupPath, 'utf8').trim().split('\n').length, merged.rows + 1, 'one header and every row');

  const [loaded] = (await iot(['etl', '--on-invalid', 'quarantine', '--json'])).stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.is(loaded.status, 'SUCCESS');
  assert.is(loaded.recordsRejected, badForEtl);
  assert.is(loaded.recordsProcessed, merged.rows - badForEtl);
  const db = new Database(join(dataDir, 'warehouse.db'), { readonly: true });
  try {
    assert.is((db.prepare('SELECT COUNT(*) AS n FROM sensor_data').get() as { n: number }).n, merged.rows - badForEtl);
    assert.is((db.prepare("SELECT COUNT(*) AS n FROM ETL_Log WHERE status = 'SUCCESS' AND job_name = 'etl_sensor_data'").get() as { n: number }).n, 1);
  } finally {
    db.close();
  }
});

test('a wrong password fails the producer too, and its error names mechanism and user', async () => {
  const wrong = saslSslEnvFile(broker, join(scratch.dir, 'wrong.env'), { KAFKA_SASL_PASSWORD: `not-${broker.user.password}` });
  const run = await iotWithEnvFile(['produce', '--count', '10', '--topic', uniqueTopic('sasl-ssl-wrong')], wrong, dataDir);
  runs.push(run);
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, `error [KAFKA_AUTH_FAILED]`);
  assert.match(run.stderr, `SCRAM-SHA-512 login of user "${broker.user.name}"`);
});

test('the password appears in no log file, no output or error of the commands, and no process list', () => {
  const { password } = broker.user;
  assert.ok(runs.length === 5 && processLists.length > 0, 'the commands ran and the process list was sampled');
  for (const run of runs) {
    assert.not.ok(run.stdout.includes(password), 'stdout');
    assert.not.ok(run.stderr.includes(password), 'stderr');
  }
  assert.ok(processLists.some((list) => list.includes('iot.js consume --topic')), 'the samples saw our commands running');
  for (const list of processLists) assert.not.ok(list.includes(password), 'ps output');
  const files = [...filesUnder(dataDir), ...filesUnder(broker.home).filter((file) => !file.includes('kraft-logs'))];
  assert.ok(files.some((file) => file.endsWith('iot.jsonl')), 'the pipeline log was written');
  assert.ok(files.some((file) => file.endsWith('kafka.log.broker')), 'the broker log was written');
  for (const file of files) {
    if (file.endsWith('server.properties')) continue; // The broker's own config (0600) holds its users, as a real broker's does.
    assert.not.ok(readFileSync(file).includes(password), `${file} holds the password`);
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test.after(async () => {
  await broker?.stop();
  scratch.cleanup();
});

test.run();
