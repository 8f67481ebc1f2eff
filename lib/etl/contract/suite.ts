import { test } from 'uvu';
import { Config } from '../../config';
import { ContractEngine, contractEngines, TestDatabase } from './engines';
import { etlScratch } from './fixtures';

export interface ContractContext {
  engine: ContractEngine;
  database: TestDatabase;
  config: Config;
  backup: string;
}

/** Registers `body` once per available engine, each run on a fresh database and DATA_DIR, cleaned up also on failure. */
export function contractTest(title: string, body: (context: ContractContext) => Promise<void>): void {
  for (const engine of contractEngines()) {
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
