import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { BenchFigure } from './figure';
import { TargetCheck } from './targets';

/** data/bench/results.json: one `make bench` run, read back by `make readme-bench`. */
export interface BenchResults {
  run: { date: string; machine: string; stages: string[] };
  figures: BenchFigure[];
  targets: TargetCheck[];
}

export const resultsFile = join(__dirname, '..', '..', 'data', 'bench', 'results.json');

/** "2 × AMD EPYC 7B13, 24 GiB, Node v24.22.3, linux": what the figures were measured on. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cores.length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

export function writeResults(results: BenchResults, file = resultsFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

export function readResults(file = resultsFile): BenchResults {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  if (!parsed.run || !Array.isArray(parsed.figures) || !Array.isArray(parsed.targets)) {
    throw new Error(`${file} is not a results file of this version of make bench: run \`make bench\` again`);
  }
  return parsed;
}
