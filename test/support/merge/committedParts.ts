import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Config } from '../../../lib/config';
import { csvHeader, OutputKind, outputKinds } from '../../../lib/schema';
import { Checkpoint, OffsetsEntry } from '../../../lib/stream/checkpoint';
import { partFileName } from '../../../lib/stream/sink/partName';

/** The checkpoint batch a part file of `rows` rows belongs to: offsets planned for it, and its file name. */
export function plannedBatch(config: Config, batchId: number, rows: number, format: 'csv' | 'parquet' = 'csv', topic = 'sensor-data'): { entry: OffsetsEntry; path: string } {
  const entry: OffsetsEntry = { batchId, topic, start: { 0: batchId * 1_000_000 }, end: { 0: batchId * 1_000_000 + rows }, format, plannedAt: new Date().toISOString() };
  return { entry, path: join(config.paths.output, partFileName(entry, format)) };
}

/**
 * Writes a part file the way the consumer does, with the checkpoint entries
 * (offsets, sink log, commit) that make it committed: the merge only
 * archives what a commit names. `commit: false` leaves the batch open, as a
 * consumer killed before its commit marker does.
 */
export function writeCommittedPart(config: Config, batchId: number, lines: string[], options: { commit?: boolean } = {}): string {
  const { entry, path } = plannedBatch(config, batchId, lines.length);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, [csvHeader, ...lines].join('\n') + '\n');
  commitPartFile(config, entry, path, lines.length, options.commit ?? true);
  return path;
}

/** Records `path` (already written) in the checkpoint as batch `entry`'s part; committed unless `commit` is false. */
export function commitPartFile(config: Config, entry: OffsetsEntry, path: string, rows: number, commit = true): void {
  const checkpoint = Checkpoint.open(config.paths.checkpoint, { topic: entry.topic, group: 'spec' });
  try {
    checkpoint.offsets.add(entry.batchId, entry);
    if (!commit) return;
    checkpoint.sinks.add(entry.batchId, { batchId: entry.batchId, files: [{ path: relative(config.paths.data, path), kind: 'part', rows, bytes: statSync(path).size }] });
    checkpoint.commits.add(entry.batchId, { batchId: entry.batchId, committedAt: new Date().toISOString(), rowsWritten: rows, rowsQuarantined: 0 });
    // As the consumer does after a successful group commit: the merge then has no offsets to hand to the group.
    checkpoint.recordGroupCommit(entry.topic, entry.end);
  } finally {
    checkpoint.close();
  }
}

/** One batch's part files of every output kind (readings, window rows, alert events), as lines without header. */
export interface BatchOutputs {
  readings: string[];
  windows?: string[];
  alerts?: string[];
}

/**
 * Writes a committed batch the way the stream does once it computes windows
 * and alerts: a part file per output kind with rows (output/, output/windows/,
 * output/alerts/, one file name), all named in the batch's one sink log entry.
 */
export function writeCommittedBatch(config: Config, batchId: number, outputs: BatchOutputs): Record<OutputKind['name'], string | undefined> {
  const { entry } = plannedBatch(config, batchId, outputs.readings.length);
  const written = outputKinds.flatMap((kind) => {
    const lines = outputs[kind.name];
    if (lines === undefined) return [];
    const path = join(config.paths.output, kind.folder, partFileName(entry, 'csv'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, [kind.header, ...lines].join('\n') + '\n');
    return [{ kind, path, rows: lines.length }];
  });
  const checkpoint = Checkpoint.open(config.paths.checkpoint, { topic: entry.topic, group: 'spec' });
  try {
    checkpoint.offsets.add(batchId, entry);
    const files = written.map(({ kind, path, rows }) => ({ path: relative(config.paths.data, path), kind: kind.sinkKind, rows, bytes: statSync(path).size }));
    checkpoint.sinks.add(batchId, { batchId, files });
    checkpoint.commits.add(batchId, { batchId, committedAt: new Date().toISOString(), rowsWritten: outputs.readings.length, rowsQuarantined: 0 });
  } finally {
    checkpoint.close();
  }
  return Object.fromEntries(outputKinds.map((kind) => [kind.name, written.find((file) => file.kind === kind)?.path])) as Record<OutputKind['name'], string | undefined>;
}
