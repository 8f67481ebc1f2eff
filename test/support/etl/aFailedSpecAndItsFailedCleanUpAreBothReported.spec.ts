import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Database } from '../../../lib/db';
import { isPipelineError } from '../../../lib/errors';
import { skipTest } from '..';
import { CleanupFailed } from '../withCleanups';
import { ContractEngine, contractEngines, TestDatabase } from './engines';
import { runContractCase } from './suite';

/** The spec's own failure, as an assertion reports it. */
const specFailure = () => assert.unreachable('the spec found 3 rows where it expected 2');

/** Whether the scratch database is gone: SQLite's file removed, a server's database refusing connections. */
async function gone(database: TestDatabase): Promise<boolean> {
  if (database.url.startsWith('sqlite:')) return !existsSync(database.url.slice('sqlite:'.length));
  try {
    await (await database.open()).close();
    return false;
  } catch (error) {
    return isPipelineError(error) && error.code === 'DB_CONNECT_FAILED';
  }
}

/** The engine, with each scratch database's clean-up doing its real work and then failing. */
function failingCleanup(engine: ContractEngine, seen: TestDatabase[]): ContractEngine {
  return {
    ...engine,
    async freshDatabase() {
      const database = await engine.freshDatabase();
      seen.push(database);
      return { ...database, cleanup: async () => { await database.cleanup(); throw new Error('DROP DATABASE refused: permission denied'); } };
    },
  };
}

const { available, unavailable } = contractEngines();
for (const { engine, reason } of unavailable) skipTest(`${engine}: a failed spec and its failed clean-up are both reported`, reason);

for (const engine of available) {
  test(`${engine.engine}: a spec that failed and whose clean-up failed too reports both errors, the spec's first`, async () => {
    const seen: TestDatabase[] = [];
    const error = await runContractCase(failingCleanup(engine, seen), async () => specFailure()).then(() => undefined, (caught: unknown) => caught);
    assert.instance(error, CleanupFailed);
    const message = (error as CleanupFailed).message;
    assert.match(message, /^the spec failed: the spec found 3 rows where it expected 2\n/);
    assert.match(message, `clean-up failed (dropping the scratch ${engine.engine} database): DROP DATABASE refused: permission denied`);
    assert.ok(await gone(seen[0]), 'the real clean-up still ran');
  });

  test(`${engine.engine}: a spec that passed and whose clean-up failed says it passed and why the clean-up failed`, async () => {
    const error = await runContractCase(failingCleanup(engine, []), async () => undefined).then(() => undefined, (caught: unknown) => caught);
    assert.instance(error, CleanupFailed);
    assert.match((error as CleanupFailed).message, /^the spec itself passed\n {2}and clean-up failed \(dropping the scratch \w+ database\): DROP DATABASE refused/);
  });

  test(`${engine.engine}: a scratch database a spec left a session open on is still dropped, and the spec's own error comes through unchanged`, async () => {
    let left: Database | undefined;
    let scratch: TestDatabase | undefined;
    const error = await runContractCase(engine, async ({ database }) => {
      scratch = database;
      left = await database.open();
      await left.migrate();
      specFailure();
    }).then(() => undefined, (caught: unknown) => caught);
    await left?.close().catch(() => undefined);
    assert.not.instance(error, CleanupFailed, `the clean-up succeeded: ${String(error)}`);
    assert.match(String((error as Error).message), 'the spec found 3 rows where it expected 2');
    assert.ok(await gone(scratch!), 'the database is dropped despite the open session');
  });
}

test.run();
