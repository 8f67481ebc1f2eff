import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../lib/process';
import { descendantsOf, ProcessTreeMemory } from './processTree';

/** A shell whose child holds `mb` MB of touched memory until stdin closes: the memory is a grandchild's, not the root's. */
function treeHolding(mb: number) {
  const hold = `const b = Buffer.alloc(${mb} * 1024 * 1024, 1); console.log('held', b.length); process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;
  return spawn('sh', ['-c', `"${process.execPath}" -e "${hold}"`], { stdio: ['pipe', 'pipe', 'inherit'] });
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
  const memory = new ProcessTreeMemory(shell.pid!);
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

test.run();
