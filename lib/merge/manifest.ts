import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MetadataLog } from '../stream/checkpoint';
import { isTempName } from '../stream/checkpoint/atomicFile';
import { OffsetsEntry, SinkEntry, readCommitEntry, readOffsetsEntry, readSinkEntry } from '../stream/checkpoint/entries';
import { checkpointResetHint } from '../stream/checkpoint/resetHint';
import { batchFilePrefix } from '../stream/sink/partName';
import { OutputKind, outputKindOfSink } from '../schema/outputKinds';

/** A part file a committed batch wrote, as its sink log entry records it. */
export interface ManifestPart {
  /** Absolute path. */
  path: string;
  kind: 'csv' | 'parquet';
  /** What the part holds: readings, window rows or alert events (lib/schema/outputKinds.ts). */
  output: OutputKind['name'];
  rows: number;
  bytes: number;
  batchId: number;
  /** The checkpoint root whose sink log names it. */
  checkpoint: string;
}

/** What the checkpoints say about the output folder; the merge acts only on this, never on a glob. */
export interface Manifest {
  /** Part files of committed batches, in path order: exactly what is archived. */
  committed: ManifestPart[];
  /** Files an uncommitted attempt left in output/ or quarantine/ (a batch planned but never committed, or a temp file): deleted only after an archive. */
  uncommitted: string[];
  /** Files in output/ no commit names and no open attempt explains: the merge refuses them by name. */
  unknown: string[];
  /** Files left alone: `_SUCCESS`, dotfiles that are not our temp files. */
  ignored: string[];
}

/** One checkpoint root's committed and open batches. */
interface RootState {
  committed: ManifestPart[];
  /** Absolute paths of files named by uncommitted sink entries. */
  openFiles: string[];
  /** File name prefixes of batches planned in offsets/ but never committed. */
  openPrefixes: string[];
}

/**
 * The checkpoint roots under DATA_DIR/checkpoint: the folder itself when it
 * holds a checkpoint (one consumer), plus every subfolder that does
 * (`checkpoint/<instance>/`, one per consumer of a group).
 */
export function checkpointRoots(checkpointDir: string): string[] {
  const roots = isCheckpointRoot(checkpointDir) ? [checkpointDir] : [];
  for (const name of listNames(checkpointDir)) {
    const dir = join(checkpointDir, name);
    if (!['offsets', 'commits', 'sinks'].includes(name) && isCheckpointRoot(dir)) roots.push(dir);
  }
  return roots;
}

/**
 * Reads the manifest of `outputDir` from the sink logs of `roots`, the way
 * Spark's file sink reads `_spark_metadata`: a file is data only when a
 * committed batch names it. Batches commit in order, so a sink entry at or
 * below a root's last commit is committed; one above it is an open attempt.
 */
export function readManifest(roots: string[], dataDir: string, outputDir: string, quarantineDir?: string): Manifest {
  const states = roots.map((root) => readRoot(root, dataDir));
  const committed = states.flatMap((state) => state.committed).sort((a, b) => a.path.localeCompare(b.path));
  const named = new Set(committed.map((part) => part.path));
  const openFiles = new Set(states.flatMap((state) => state.openFiles));
  const openPrefixes = states.flatMap((state) => state.openPrefixes);
  const manifest: Manifest = { committed, uncommitted: [], unknown: [], ignored: [] };
  for (const path of filesUnder(outputDir)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (named.has(path)) continue;
    if (isTempName(name) || openFiles.has(path) || openPrefixes.some((prefix) => name.startsWith(prefix))) manifest.uncommitted.push(path);
    else if (name.startsWith('_') || name.startsWith('.')) manifest.ignored.push(path);
    else manifest.unknown.push(path);
  }
  // A quarantine file of an open attempt would repeat its records once the range is read again.
  for (const path of quarantineDir ? filesUnder(quarantineDir) : []) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (isTempName(name) || openFiles.has(path) || openPrefixes.some((prefix) => name.startsWith(prefix))) manifest.uncommitted.push(path);
  }
  return manifest;
}

/** Read-only: the manifest may be read beside live consumers of a group, whose temp files are not ours to clear. */
function readRoot(root: string, dataDir: string): RootState {
  const hint = checkpointResetHint(root, '<your group>');
  const commits = new MetadataLog(join(root, 'commits'), readCommitEntry, hint, { readOnly: true });
  const sinks = new MetadataLog(join(root, 'sinks'), readSinkEntry, hint, { readOnly: true });
  const offsets = new MetadataLog(join(root, 'offsets'), readOffsetsEntry, hint, { readOnly: true });
  const lastCommitted = commits.latest()?.batchId ?? -1;
  const state: RootState = { committed: [], openFiles: [], openPrefixes: [] };
  for (const batchId of sinks.batchIds()) {
    const entry = sinks.get(batchId)!;
    if (batchId <= lastCommitted) state.committed.push(...partsOf(entry, root, dataDir));
    else state.openFiles.push(...entry.files.map((file) => join(dataDir, file.path)));
  }
  for (const batchId of offsets.batchIds().filter((id) => id > lastCommitted)) {
    const planned: OffsetsEntry = offsets.get(batchId)!;
    state.openPrefixes.push(batchFilePrefix(planned));
  }
  return state;
}

function partsOf(entry: SinkEntry, root: string, dataDir: string): ManifestPart[] {
  return entry.files
    .filter((file) => outputKindOfSink(file.kind) !== undefined)
    .map((file) => ({
      path: join(dataDir, file.path),
      kind: file.path.endsWith('.parquet') ? 'parquet' as const : 'csv' as const,
      output: outputKindOfSink(file.kind)!.name,
      rows: file.rows,
      bytes: file.bytes,
      batchId: entry.batchId,
      checkpoint: root,
    }));
}

function isCheckpointRoot(dir: string): boolean {
  return existsSync(join(dir, 'metadata')) || existsSync(join(dir, 'commits'));
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every regular file under `dir`, subfolders too (a consumer may write per-batch folders). */
function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const name of listNames(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}
