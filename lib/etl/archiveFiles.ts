import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { backupFilePattern } from '../merge/backupName';
import { OutputKind, outputKindOfArchive, outputKinds, readingsOutput } from '../schema';

/** Names `iot merge` gives archived files; the timestamp in the name makes name order time order. */
export const archivedFilePattern = backupFilePattern;

/** Archived files in DATA_DIR/backup, oldest first. Rejects files and anything else there are not archives. */
export function archivedFiles(backupDir: string): string[] {
  if (!existsSync(backupDir)) return [];
  return readdirSync(backupDir)
    .filter((name) => archivedFilePattern.test(name))
    .sort()
    .map((name) => join(backupDir, name));
}

/** An archive of any output kind (readings, window rows, alert events). */
export interface ArchivedFile {
  path: string;
  kind: OutputKind;
}

/**
 * Every archive in DATA_DIR/backup, oldest merge first and, within one merge,
 * readings before window rows before alert events: the ETL's load order.
 */
export function archivedOutputFiles(backupDir: string): ArchivedFile[] {
  if (!existsSync(backupDir)) return [];
  const stamp = (path: string) => archiveStamp(basename(path));
  return readdirSync(backupDir)
    .flatMap((name) => { const kind = outputKindOfArchive(name); return kind ? [{ path: join(backupDir, name), kind }] : []; })
    .sort((a, b) => stamp(a.path).localeCompare(stamp(b.path)) || outputKinds.indexOf(a.kind) - outputKinds.indexOf(b.kind));
}

/** The merge's timestamp in an archive name, shared by all its outputs: `20260101_120000.csv`. */
export function archiveStamp(name: string): string {
  return name.slice(name.length - '20260101_120000.csv'.length);
}

/** The archives one merge wrote beside the readings' archive `readingsPath` (same timestamp), those that exist. */
export function companionArchives(readingsPath: string): ArchivedFile[] {
  const stamp = archiveStamp(basename(readingsPath));
  return outputKinds.filter((kind) => kind !== readingsOutput)
    .map((kind) => ({ path: join(dirname(readingsPath), `${kind.archivePrefix}_${stamp}`), kind }))
    .filter((file) => existsSync(file.path));
}

/** A FILE argument: as given, or, for a bare archive name, the one in DATA_DIR/backup. */
export function resolveEtlFile(file: string, backupDir: string): string {
  const given = resolve(file);
  if (existsSync(given) || basename(file) !== file) return given;
  const archived = join(backupDir, file);
  return existsSync(archived) ? archived : given;
}

/** Where quarantine mode writes the rows a file rejected: beside it, `<name>.rejects.csv`. */
export function rejectsFileFor(file: string): string {
  return file.replace(/\.csv$/i, '') + '.rejects.csv';
}
