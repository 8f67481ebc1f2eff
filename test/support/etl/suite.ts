import { test } from 'uvu';
import { Config } from '../../../lib/config';
import { ContractEngine, contractEngines, TestDatabase } from './engines';
import { etlScratch } from './fixtures';
import { skipTest } from '..';
import { withCleanups } from '../withCleanups';

export interface ContractContext {
  engine: ContractEngine;
  database: TestDatabase;
  config: Config;
  backup: string;
}

export type ContractBody = (context: ContractContext) => Promise<void>;

/**
 * Registers `body` once per available engine, each run on a fresh database and
 * DATA_DIR, cleaned up also on failure; an engine this machine lacks is a skip with its reason.
 */
export function contractTest(title: string, body: ContractBody): void {
  const { available, unavailable } = contractEngines();
  for (const { engine, reason } of unavailable) skipTest(`${engine}: ${title}`, reason);
  for (const engine of available) test(`${engine.engine}: ${title}`, () => runContractCase(engine, body));
}

/** One engine's run of a contract spec: a clean-up that fails is reported beside the spec's own result, never instead of it. */
export async function runContractCase(engine: ContractEngine, body: ContractBody): Promise<void> {
  const database = await engine.freshDatabase();
  const scratch = etlScratch(database.url);
  await withCleanups(
    () => body({ engine, database, config: scratch.config, backup: scratch.backup }),
    [
      { what: 'removing the scratch DATA_DIR', run: async () => scratch.cleanup() },
      { what: `dropping the scratch ${engine.engine} database`, run: () => database.cleanup() },
    ],
  );
}
