import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../lib/process';
import { descendantsOf, ProcessTreeUsage } from './processTreeUsage';

/** A shell whose child holds `mb` MB of touched memory until stdin closes: the memory is a grandchild's, not the root's. */
function treeHolding(mb: number) {
  return inShell(`const b = Buffer.alloc(${mb} * 1024 * 1024, 1); console.log('held', b.length); process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`);
}

/** `node -e script` as the child of a shell, so the work is a grandchild's; it exits when stdin closes. */
function inShell(script: string) {
  return spawn('sh', ['-c', '"$0" -e "$1"', process.execPath, script], { stdio: ['pipe', 'pipe', 'inherit'] });
}

test('the tree of a shell lists the node process it started', async () => {
  const shell = treeHolding(1);
  try {
    assert.ok(await waitFor(() => descendantsOf(shell.pid!).length >= 2, { timeoutMs: 10_000, intervalMs: 50 }), 'the shell\'s child appears');
    assert.is(descendantsOf(shell.pid!)[0], shell.pid);
  } finally {
    shell.stdin.end();
    await once(shell, 'exit');
  }
});

test('the peak counts memory a grandchild holds, not only the root process', async () => {
  const shell = treeHolding(150);
  const memory = new ProcessTreeUsage(shell.pid!);
  try {
    await once(shell.stdout, 'data');
    memory.sample();
    assert.ok(memory.peakMb >= 150, `peak ${memory.peakMb.toFixed(0)} MB`);
    assert.ok(memory.peakMb < 400, `peak ${memory.peakMb.toFixed(0)} MB`);
  } finally {
    shell.stdin.end();
    await once(shell, 'exit');
  }
  const afterwards = memory.peakMb;
  memory.sample();
  assert.is(memory.peakMb, afterwards, 'a peak is kept once the tree is gone');
});

test('CPU time counts what a grandchild spent', async () => {
  const shell = inShell(`while (process.cpuUsage().user < 1e6); console.log(1); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`);
  const usage = new ProcessTreeUsage(shell.pid!);
  try {
    await once(shell.stdout, 'data');
    usage.sample();
    assert.ok(usage.cpuSeconds >= 1, `${usage.cpuSeconds} s of CPU`);
  } finally {
    shell.stdin.end();
    await once(shell, 'exit');
  }
});

test.run();
