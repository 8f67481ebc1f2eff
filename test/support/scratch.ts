import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Config, loadConfig } from '../../lib/config';

/** A fresh DATA_DIR for one test, removed by `cleanup`. */
export function scratchDir(prefix = 'iot-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A topic no other test uses, so specs never see each other's messages. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

/**
 * Config for a test: the runner's broker (KAFKA_BROKERS) and a scratch data
 * folder; `overrides` are environment variables as strings.
 */
export function testConfig(dataDir: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({ env: { ...process.env, DATA_DIR: dataDir, ...overrides }, envFile: '/nonexistent/.env' });
}

/** The broker the test runner started; specs that need Kafka call this. */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run specs through `make test` (scripts/test.ts), which starts a broker.');
  return brokers.split(',');
}
