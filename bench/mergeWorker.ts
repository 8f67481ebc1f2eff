/**
 * Runs one `mergeParts` in its own process for bench/merge.ts, so that its
 * peak RSS is the merge's alone (not the harness's, not the data generator's).
 * argv: DATA_DIR. Prints one JSON line: the merge summary plus peakRssMb.
 */
import { loadConfig } from '../lib/config';
import { silentLogger } from '../lib/log';
import { mergeParts } from '../lib/merge';

async function main(): Promise<void> {
  const config = loadConfig({ env: { ...process.env, DATA_DIR: process.argv[2] }, envFile: '/nonexistent/.env' });
  const summary = await mergeParts({ config, logger: silentLogger });
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ...summary, peakRssMb }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
