import { test } from 'uvu';
import { Config } from '../../../lib/config';
import { ContractEngine, contractEngines, TestDatabase } from './engines';
import { etlScratch } from './fixtures';
import { skipTest } from '..';

export interface ContractContext {
  engine: ContractEngine;
  database: TestDatabase;
  config: Config;
  backup: string;
}

/**
 * Registers `body` once per available engine, each run on a fresh database and
 * DATA_DIR, cleaned up also on failure; an engine this machine lacks is a skip with its reason.
 */
export function contractTest(title: string, body: (context: ContractContext) => Promise<void>): void {
  const { available, unavailable } = contractEngines();
  for (const { engine, reason } of unavailable) skipTest(`${engine}: ${title}`, reason);
  for (const engine of available) {
    test(`${engine.engine}: ${title}`, async () => {
      const database = await engine.freshDatabase();
      const scratch = etlScratch(database.url);
      try {
        await body({ engine, database, config: scratch.config, backup: scratch.backup });
      } finally {
        scratch.cleanup();
        await database.cleanup();
      }
    });
  }
}
