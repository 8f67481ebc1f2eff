import { join } from 'node:path';
import { batchFilePrefix } from '../sink/partName';
import { OffsetsEntry, SinkEntry, SinkFile, readCommitEntry, readOffsetsEntry, readSinkEntry } from './entries';
import { MetadataLog } from './metadataLog';
import { checkpointResetHint } from './resetHint';
import { checkpointRoots } from './roots';

/** A file a committed batch wrote, as its sink log entry records it. */
export interface CommittedFile {
  /** Absolute path. */
  path: string;
  kind: SinkFile['kind'];
  rows: number;
  bytes: number;
  batchId: number;
  /** The checkpoint root whose sink log names it. */
  checkpoint: string;
}

/** What the checkpoints under DATA_DIR/checkpoint say about the files the stream wrote. */
export interface CheckpointFiles {
  /** Files of committed batches, in path order. */
  committed: CommittedFile[];
  /** Absolute paths named by sink entries of batches that never committed. */
  openFiles: string[];
  /** File name prefixes of batches planned in offsets/ but never committed. */
  openPrefixes: string[];
}

/**
 * The stream's answer to "which files are data?", the way Spark's file sink
 * reads `_spark_metadata`: a file is data only when a committed batch names
 * it. Batches commit in order, so a sink entry at or below a root's last
 * commit is committed; one above it is an open attempt. Read-only: it may be
 * read beside live instances of a group, whose temp files are not ours.
 */
export function checkpointFiles(checkpointDir: string, dataDir: string): CheckpointFiles {
  const result: CheckpointFiles = { committed: [], openFiles: [], openPrefixes: [] };
  for (const root of checkpointRoots(checkpointDir)) {
    const logs = readLogs(root);
    const lastCommitted = logs.commits.latest()?.batchId ?? -1;
    for (const batchId of logs.sinks.batchIds()) {
      const entry = logs.sinks.get(batchId);
      if (!entry) continue;
      if (batchId <= lastCommitted) result.committed.push(...filesOf(entry, root, dataDir));
      else result.openFiles.push(...entry.files.map((file) => join(dataDir, file.path)));
    }
    for (const batchId of logs.offsets.batchIds().filter((id) => id > lastCommitted)) {
      const planned: OffsetsEntry | undefined = logs.offsets.get(batchId);
      if (planned) result.openPrefixes.push(batchFilePrefix(planned));
    }
  }
  result.committed.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

/**
 * Forgets the committed batches whose part files were all archived (a merge
 * finishing an interrupted one), so the manifest never asks for a file that
 * is gone. The merge holds the data folder exclusively while it does this.
 */
export function retireArchivedBatches(checkpointDir: string, dataDir: string, archived: string[]): void {
  const gone = new Set(archived);
  for (const root of checkpointRoots(checkpointDir)) {
    const sinks = new MetadataLog(join(root, 'sinks'), readSinkEntry, checkpointResetHint(root, '<your group>'));
    const retired = sinks.batchIds().filter((batchId) => {
      const parts = sinks.get(batchId)?.files.filter((file) => file.kind !== 'quarantine') ?? [];
      return parts.length > 0 && parts.every((file) => gone.has(join(dataDir, file.path)));
    });
    sinks.forget(retired);
  }
}

function readLogs(root: string) {
  const hint = checkpointResetHint(root, '<your group>');
  return {
    commits: new MetadataLog(join(root, 'commits'), readCommitEntry, hint, { readOnly: true }),
    sinks: new MetadataLog(join(root, 'sinks'), readSinkEntry, hint, { readOnly: true }),
    offsets: new MetadataLog(join(root, 'offsets'), readOffsetsEntry, hint, { readOnly: true }),
  };
}

function filesOf(entry: SinkEntry, root: string, dataDir: string): CommittedFile[] {
  return entry.files.map((file) => ({ path: join(dataDir, file.path), kind: file.kind, rows: file.rows, bytes: file.bytes, batchId: entry.batchId, checkpoint: root }));
}
