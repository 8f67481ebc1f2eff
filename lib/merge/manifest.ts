import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFiles, isTempName } from '../stream';
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

/**
 * Classifies the files in output/ (and quarantine/) by what the stream's
 * checkpoint says about them (`checkpointFiles`): data only when a committed
 * batch names it, the way Spark's file sink reads `_spark_metadata`.
 */
export function readManifest(checkpointDir: string, dataDir: string, outputDir: string, quarantineDir?: string): Manifest {
  const known = checkpointFiles(checkpointDir, dataDir);
  // Every output kind the stream writes (readings, windows, alerts) is data; quarantine files are not.
  const committed: ManifestPart[] = known.committed
    .filter((file) => outputKindOfSink(file.kind) !== undefined)
    .map((file) => ({ ...file, kind: file.path.endsWith('.parquet') ? 'parquet' as const : 'csv' as const, output: outputKindOfSink(file.kind)!.name }));
  const named = new Set(committed.map((part) => part.path));
  const openFiles = new Set(known.openFiles);
  const isOpen = (path: string, name: string) => isTempName(name) || openFiles.has(path) || known.openPrefixes.some((prefix) => name.startsWith(prefix));
  const manifest: Manifest = { committed, uncommitted: [], unknown: [], ignored: [] };
  for (const path of filesUnder(outputDir)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (named.has(path)) continue;
    if (isOpen(path, name)) manifest.uncommitted.push(path);
    else if (name.startsWith('_') || name.startsWith('.')) manifest.ignored.push(path);
    else manifest.unknown.push(path);
  }
  // A quarantine file of an open attempt would repeat its records once the range is read again.
  for (const path of quarantineDir ? filesUnder(quarantineDir) : []) {
    if (isOpen(path, path.slice(path.lastIndexOf('/') + 1))) manifest.uncommitted.push(path);
  }
  return manifest;
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
