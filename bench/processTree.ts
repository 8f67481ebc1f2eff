import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak resident memory of a process and everything it started (a JVM under
 * spark-submit under python, a worker thread inside node), sampled from /proc.
 * Two lower bounds of the true peak, the larger one kept: the largest sum of
 * the tree's VmRSS at one sample, and the largest VmHWM (the kernel's own
 * peak) of one process, which also catches a spike between samples.
 */
export class ProcessTreeMemory {
  private peakKb = 0;

  constructor(private readonly rootPid: number) {}

  /** Call often (every 100 ms or so) while the tree runs. */
  sample(): void {
    let sumKb = 0;
    for (const pid of descendantsOf(this.rootPid)) {
      const status = readStatus(pid);
      sumKb += field(status, 'VmRSS');
      this.peakKb = Math.max(this.peakKb, field(status, 'VmHWM'));
    }
    this.peakKb = Math.max(this.peakKb, sumKb);
  }

  get peakMb(): number {
    return this.peakKb / 1024;
  }
}

/** The root and every live descendant, from each process's parent pid in /proc/<pid>/stat. */
export function descendantsOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentPid(Number(name));
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]) ?? []));
  return tree;
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ")" are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

function field(status: string, name: string): number {
  return Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}
