import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { backupFilePattern } from '../merge/backupName';

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
