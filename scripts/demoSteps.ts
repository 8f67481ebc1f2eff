/** What `make demo` and `make screenshots` both do: run `iot` commands as children, and show a SKIPPED and a FAILED job. */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { archivedFiles } from '../lib/etl/archiveFiles';
import { repoRoot } from './makeTargets';

const iot = join(repoRoot, 'scripts', 'iot.js');

export function iotChild(args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): ChildProcess {
  return spawn(process.execPath, [iot, ...args], { stdio: quiet ? 'ignore' : 'inherit', cwd: repoRoot, env });
}

export function iotRun(args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): number {
  return spawnSync(process.execPath, [iot, ...args], { stdio: quiet ? 'ignore' : 'inherit', cwd: repoRoot, env }).status ?? 1;
}

export function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code ?? 1))));
}

/**
 * After a cycle with bad readings: its archive again (SKIPPED: that content is loaded), then reloaded with
 * --on-invalid fail (FAILED: it holds invalid rows; the transaction rolls back, so the loaded rows stay).
 */
export function showSkippedAndFailed(backupDir: string, say: (line: string) => void, env: NodeJS.ProcessEnv = process.env, quiet = false): void {
  const [first] = archivedFiles(backupDir);
  if (!first) return;
  say(`ETL on ${basename(first)} again: its content is loaded, so the job is SKIPPED`);
  iotRun(['etl', first], env, quiet);
  say('…and reloaded with --on-invalid fail: its few bad readings fail the job (FAILED, nothing changed; exit 1 is expected)');
  iotRun(['etl', first, '--force', '--on-invalid', 'fail'], env, quiet);
}
