/**
 * Merge benchmark: 1,000,000 readings over 24 part files, read +
 * sort + write + verify + clean up with `mergeParts`, against the original
 * pipeline's pandas merge on the same files in the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVenv } from '../lib/services/pythonVenv';
import { loadConfig } from '../lib/config';
import { commitPartFile, plannedBatch } from '../test/support/merge/committedParts';
import { csvHeader } from '../lib/schema';
import { Benchmark, BenchFigure } from './figure';

const rows = 1_000_000;
const partCount = 24;
/** Pinned so the baseline is the same pandas on every machine. */
export const pandasVenv = { name: 'venv-bench-pandas', requirements: ['pandas==2.2.3', 'numpy==2.1.3'] };

export const benchmark: Benchmark = async ({ scratchDir, cacheDir, logger }) => {
  const dataDir = join(scratchDir, 'data');
  const output = join(dataDir, 'output');
  writeParts(dataDir);
  const venv = await ensureVenv(cacheDir, pandasVenv, logger);
  const pandas = runJson(join(venv, 'bin', 'python'), [join(__dirname, '..', '..', 'bench', 'pandas_merge.py'), output, join(scratchDir, 'pandas.csv')]);
  const ours = runJson(process.execPath, [join(__dirname, 'mergeWorker.js'), dataDir]);
  if (ours.rows !== rows || pandas.rows !== rows) throw new Error(`row counts differ: ours ${ours.rows}, pandas ${pandas.rows}, expected ${rows}`);
  const oursRate = rows / ours.seconds;
  const pandasRate = rows / pandas.seconds;
  logger.info('bench.merge.done', { oursSeconds: ours.seconds, pandasSeconds: pandas.seconds, peakRssMb: ours.peakRssMb, pandasPeakRssMb: pandas.peakRssMb });
  const figures: BenchFigure[] = [
    { name: 'merge.rows_per_s', value: oursRate, unit: 'rows/s' },
    { name: 'merge.peak_rss_mb', value: ours.peakRssMb, unit: 'MB' },
    { name: 'pandas_merge.rows_per_s', value: pandasRate, unit: 'rows/s' },
    { name: 'pandas_merge.peak_rss_mb', value: pandas.peakRssMb, unit: 'MB' },
    { name: 'merge.speedup_vs_pandas', value: oursRate / pandasRate, unit: 'x (goal ≥ 3)' },
    { name: 'merge.peak_rss_vs_pandas', value: ours.peakRssMb / pandas.peakRssMb, unit: 'x (goal ≤ 1)' },
  ];
  return figures;
};

/**
 * Parts as the consumer writes them: micro-batches whose time ranges overlap,
 * so the sort has real work, each committed in a checkpoint (the merge
 * archives only what a commit names).
 */
function writeParts(dataDir: string): void {
  const config = loadConfig({ env: { ...process.env, DATA_DIR: dataDir }, envFile: '/nonexistent/.env' });
  mkdirSync(config.paths.output, { recursive: true });
  const start = Date.UTC(2026, 10, 26, 0, 0, 0);
  let random = 42;
  const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let part = 0; part < partCount; part++) {
    const first = Math.floor((part * rows) / partCount);
    const lines = [csvHeader];
    for (let row = first; row < Math.floor(((part + 1) * rows) / partCount); row++) {
      const second = Math.floor(row / 50) + Math.floor(next() * 600);
      const timestamp = new Date(start + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      lines.push(`${1 + Math.floor(next() * 100)},${(next() * 60 - 10).toFixed(2)},${(next() * 100).toFixed(1)},${timestamp}`);
    }
    const { entry, path } = plannedBatch(config, part, lines.length - 1);
    writeFileSync(path, lines.join('\n') + '\n');
    commitPartFile(config, entry, path, lines.length - 1);
  }
}

interface RunResult { rows: number; seconds: number; peakRssMb: number }

function runJson(command: string, args: string[]): RunResult {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as RunResult;
}

