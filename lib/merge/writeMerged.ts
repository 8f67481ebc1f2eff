import { closeSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath } from '../files/fsyncPath';
import { Progress } from '../log';
import { csvHeader } from '../schema';
import { kWayMerge } from './kWayMerge';
import { ManifestPart } from './manifest';
import { sortedPlainRun } from './plainCsvRuns';
import { writeRangeSortedCsv } from './rangeSort';

/**
 * Writes the committed parts as one CSV at `path`: one header, `\n` line
 * ends, sorted by timestamp (the schema's text form sorts chronologically)
 * then sensor_id as a number, ties in part order. Returns the bytes written.
 *
 * Parts as `iot consume` writes them (plainCsvRuns.ts) take an external merge
 * sort: each part is sorted alone into a run, then the runs are merged k
 * ways, every line copied as it is: memory of one part, each byte read
 * twice, no CSV parse. Any other part (Parquet, quoted fields, …) sends the
 * whole merge through polars (rangeSort.ts), which writes the same bytes for
 * plain parts, slower and in more memory.
 */
export function writeMergedCsv(parts: ManifestPart[], path: string, dataDir: string, rows: number, progress?: Progress): number {
  // Named after the temp CSV, so an abandoned merge's runs are removed with it (mergeJournal's tempName).
  const runsDir = `${path}.runs`;
  try {
    const runs = writeSortedRuns(parts, runsDir, progress);
    if (runs === undefined) return writeRangeSortedCsv(parts, path, dataDir, rows);
    const sorted = parts.reduce((sum, part) => sum + part.bytes, 0);
    mergeRuns(runs, path, progress && ((written) => progress.update(sorted + written)));
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
  fsyncPath(path);
  return statSync(path).size;
}

/** One sorted run file per part, in part order; undefined as soon as a part is not plain. */
/** Progress counts each part's bytes twice: once sorted into its run, once merged. */
function writeSortedRuns(parts: ManifestPart[], runsDir: string, progress?: Progress): string[] | undefined {
  // Not recursive: the backup folder exists, and a recursive mkdir on a read-only file system says ENOENT, not EROFS.
  mkdirSync(runsDir);
  const runs: string[] = [];
  let done = 0;
  for (const part of parts) {
    progress?.update(done);
    done += part.bytes;
    const run = part.kind === 'csv' ? sortedPlainRun(part.path, part.rows) : undefined;
    if (run === undefined) return undefined;
    const runPath = join(runsDir, `run-${runs.length}.csv`);
    writeFileSync(runPath, run);
    runs.push(runPath);
  }
  return runs;
}

function mergeRuns(runs: string[], path: string, onWritten?: (bytes: number) => void): void {
  const out = openSync(path, 'w');
  try {
    writeSync(out, `${csvHeader}\n`);
    kWayMerge(runs, out, onWritten);
  } finally {
    closeSync(out);
  }
}
