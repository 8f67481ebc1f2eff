import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

/** The targets `make help` lists (each `target: ## what` line of the Makefile), in its order. */
export function makeHelp(root = repoRoot): Array<{ target: string; what: string }> {
  const result = spawnSync('make', ['--no-print-directory', '-s', 'help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`make help failed (exit ${result.status}): ${result.stderr.trim()}`);
  return result.stdout.split('\n').filter((line) => /^[a-z-]+\s/.test(line)).map((line) => {
    const [, target, what] = /^([a-z-]+)\s+(.*)$/.exec(line)!;
    return { target, what: what.trim() };
  });
}

/** The README's make-target table. */
export function makeTargetsTable(targets: Array<{ target: string; what: string }>): string {
  return ['| target | what |', '| --- | --- |', ...targets.map(({ target, what }) => `| \`make ${target}\` | ${what.replace(/\|/g, '\\|')} |`)].join('\n');
}
