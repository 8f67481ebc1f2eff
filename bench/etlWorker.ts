/**
 * Runs one `iot etl FILE` in its own process for bench/etl.ts, so that its
 * peak RSS is the ETL's alone (not the harness's, not the data generator's).
 * argv: DATA_DIR DATABASE_URL FILE. Prints one JSON line: the job's status,
 * rows loaded, seconds and peakRssMb.
 */
import { loadConfig } from '../lib/config';
import { runEtl } from '../lib/etl';
import { silentLogger } from '../lib/log';

async function main(): Promise<void> {
  const [dataDir, databaseUrl, file] = process.argv.slice(2);
  const config = loadConfig({ env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, envFile: '/nonexistent/.env' });
  const start = process.hrtime.bigint();
  const [result] = await runEtl({ config, logger: silentLogger, onInvalid: 'fail', file, force: true });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ status: result?.status, rows: result?.recordsProcessed ?? 0, error: result?.errorMessage, seconds, peakRssMb }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
