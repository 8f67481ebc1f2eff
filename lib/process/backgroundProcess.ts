import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAlive } from './liveness';
import { readPid, writePid } from './pidFile';
import { waitFor } from './waitFor';

export interface BackgroundProcessSpec {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here, so a failed start can show its last lines. */
  logFile: string;
  pidFile: string;
}

/**
 * Starts a long-running service detached from our process group, so that it
 * outlives `iot services up`, and records its pid for `status` and `down`.
 */
export function startBackgroundProcess(spec: BackgroundProcessSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, detached: true, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    writePid(spec.pidFile, child.pid);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** SIGTERM the whole process group, then SIGKILL after `graceMs`; removes the pid file. */
export async function stopBackgroundProcess(pidFile: string, graceMs = 20_000): Promise<boolean> {
  const pid = readPid(pidFile);
  if (pid === undefined || !isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  signalGroup(pid, 'SIGTERM');
  const stopped = await waitFor(async () => !isAlive(pid), { timeoutMs: graceMs, intervalMs: 200 });
  if (!stopped) {
    signalGroup(pid, 'SIGKILL');
    await waitFor(async () => !isAlive(pid), { timeoutMs: 5_000, intervalMs: 100 });
  }
  rmSync(pidFile, { force: true });
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

/** The last lines of a service log, quoted in "did not start" errors. */
export function tailFile(file: string, lines = 20): string {
  if (!existsSync(file)) return '(no log file)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
