import { spawn } from 'node:child_process';
import { sleep } from '../lib/process';
import { descendantsOf, ProcessTreeUsage } from './processTreeUsage';

export interface MeasuredRun {
  /** From spawn until `finished` said so: what a user waits for, start-up included. */
  seconds: number;
  /** Peak RSS of the child's whole process tree. */
  peakRssMb: number;
  /** CPU time of the tree (user + system) until then. */
  cpuSeconds: number;
  /** The end of its stdout and stderr, for failure messages and result lines. */
  output: string;
}

export interface MeasuredChildOptions {
  /** Names the run in failure messages, e.g. "iot consume --window off". */
  what: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True once the work is done; the child is stopped then if it still runs. */
  finished: (output: string, exitCode: number | null) => boolean;
  timeoutMs: number;
}

const sampleMs = 100;
const outputTail = 8_000;

/** Runs a command as its own process tree, sampling the tree's memory until `finished`; fails clearly when it exits early or overruns. */
export async function measureChild(command: string, args: string[], options: MeasuredChildOptions): Promise<MeasuredRun> {
  const started = process.hrtime.bigint();
  // Not detached: Ctrl-C on `make bench` reaches the measured tree too.
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-outputTail); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exitCode = code ?? (signal ? -1 : 0); resolve(); }));
  const usage = new ProcessTreeUsage(child.pid!);
  try {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      usage.sample();
      if (options.finished(output, exitCode)) break;
      if (exitCode !== null) throw new Error(`${options.what} exited with code ${exitCode} before it finished its work; its last output:\n${output.slice(-2_000)}`);
      if (Date.now() > deadline) throw new Error(`${options.what} did not finish within ${options.timeoutMs / 60_000} minutes; its last output:\n${output.slice(-2_000)}`);
      await sleep(sampleMs);
    }
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: usage.peakMb, cpuSeconds: usage.cpuSeconds, output };
  } finally {
    await stopTree(child.pid!, exited, () => exitCode !== null);
  }
}

/** SIGTERM to every process of the tree (iot consume stops at a safe point; python and its JVM end), SIGKILL to what is left 30 s later. */
async function stopTree(pid: number, exited: Promise<void>, hasExited: () => boolean): Promise<void> {
  if (hasExited()) return;
  const tree = descendantsOf(pid);
  signalAll(tree, 'SIGTERM');
  const killer = setTimeout(() => signalAll(descendantsOf(pid).concat(tree), 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of new Set(pids)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
