/** The one way specs start the `iot` command as a user would: a child process whose output is kept as it arrives. */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const iotScript = join(__dirname, '..', '..', '..', 'scripts', 'iot.js');

export interface IotExit {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

export interface IotProcess {
  child: ChildProcess;
  /** What it has written so far. */
  stdout(): string;
  stderr(): string;
  /** Once it has exited and closed its output. */
  done: Promise<IotExit>;
}

export interface IotProcessOptions {
  /** Copies its stderr to the spec's, so a failing spec shows the run's logs. */
  echoStderr?: boolean;
  /** Killed after this long. */
  timeoutMs?: number;
}

/** `node scripts/iot.js ...args` with exactly `env` as its environment. */
export function spawnIot(args: string[], env: NodeJS.ProcessEnv, options: IotProcessOptions = {}): IotProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [iotScript, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const done = new Promise<IotExit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 })));
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** SIGKILL, as `kill -9`: resolves once the process is gone (at once if it already is). */
export function killNine(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
