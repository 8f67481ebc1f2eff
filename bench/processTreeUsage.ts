import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak resident memory and CPU time of a process and everything it started
 * (a JVM under spark-submit under python, a worker thread inside node),
 * sampled from /proc. The peak is the larger of two lower bounds of the true
 * one: the largest sum of the tree's VmRSS at one sample, and the largest
 * VmHWM (the kernel's own peak) of one process, which also catches a spike
 * between samples. CPU time is the last utime + stime seen of each process
 * that was ever in the tree: a figure a busy shared machine moves far less
 * than wall time.
 */
export class ProcessTreeUsage {
  private peakKb = 0;
  private readonly cpuTicks = new Map<number, number>();

  constructor(private readonly rootPid: number) {}

  /** Call often (every 100 ms or so) while the tree runs. */
  sample(): void {
    let sumKb = 0;
    for (const pid of descendantsOf(this.rootPid)) {
      const status = readProc(pid, 'status');
      sumKb += field(status, 'VmRSS');
      this.peakKb = Math.max(this.peakKb, field(status, 'VmHWM'));
      const ticks = cpuTicksOf(pid);
      if (ticks !== undefined) this.cpuTicks.set(pid, Math.max(ticks, this.cpuTicks.get(pid) ?? 0));
    }
    this.peakKb = Math.max(this.peakKb, sumKb);
  }

  get peakMb(): number {
    return this.peakKb / 1024;
  }

  get cpuSeconds(): number {
    return [...this.cpuTicks.values()].reduce((sum, ticks) => sum + ticks, 0) / clockTicksPerSecond();
  }
}

/** The root and every live descendant, from each process's parent pid in /proc/<pid>/stat. */
export function descendantsOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = statFields(Number(name))?.[1];
    if (parent === undefined) continue;
    children.set(Number(parent), [...(children.get(Number(parent)) ?? []), Number(name)]);
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]) ?? []));
  return tree;
}

/** The fields of /proc/<pid>/stat from the state on (field 3): the command name before may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  const stat = readProc(pid, 'stat');
  return stat === '' ? undefined : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime (fields 14 and 15) in clock ticks. */
function cpuTicksOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields[11]) + Number(fields[12]);
}

let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function field(status: string, name: string): number {
  return Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}
