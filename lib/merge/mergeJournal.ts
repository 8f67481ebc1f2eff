import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '../log';
import { isAlive } from '../process';
import { outputKinds } from '../schema/outputKinds';
import { fsyncPath } from './durableWrite';

/**
 * The one window where a crash could repeat rows: the backup is published but
 * the parts are not yet deleted. Before publishing, the merge writes down the
 * temporary backup and the parts it holds; a later merge that finds this note
 * finishes (or undoes) that merge before anything else.
 */
export interface MergeJournal {
  tempPath: string;
  /** Part files (and empty ones) whose rows the temporary backup holds. */
  files: string[];
  /** Temporary archives of the other outputs (windows, alerts), published with tempPath under one timestamp. */
  companions?: string[];
}

const journalName = '.merge-journal.json';

export function journalPath(backupDir: string): string {
  return join(backupDir, journalName);
}

export function writeJournal(backupDir: string, journal: MergeJournal): void {
  const path = journalPath(backupDir);
  writeFileSync(path, JSON.stringify(journal) + '\n');
  fsyncPath(path);
  fsyncPath(backupDir);
}

export function clearJournal(backupDir: string): void {
  rmSync(journalPath(backupDir), { force: true });
}

/**
 * Settles a merge interrupted before its cleanup. Publishing is a hard link
 * then an unlink of the temporary name, so: temporary file gone → published
 * (its parts must go); temporary file present → published only if a backup
 * shares its inode. Returns the part files to delete (empty if none).
 */
export function settleInterruptedMerge(backupDir: string, logger: Logger): string[] {
  const path = journalPath(backupDir);
  if (!existsSync(path)) return [];
  const journal = readJournal(path);
  if (!journal) {
    // Cut off while being written, which is before anything was published.
    clearJournal(backupDir);
    return [];
  }
  const published = !existsSync(journal.tempPath) || publishedCopyOf(journal.tempPath, backupDir) !== undefined;
  // The readings' archive is linked last (backupName.ts publishArchives): without it, a companion's name is taken back.
  for (const companion of journal.companions ?? []) {
    const copy = published ? undefined : publishedCopyOf(companion, backupDir);
    if (copy !== undefined) rmSync(join(backupDir, copy), { force: true });
    rmSync(companion, { force: true });
  }
  rmSync(journal.tempPath, { force: true });
  if (!published) {
    clearJournal(backupDir);
    logger.warn('merge.interrupted_merge_undone', { tempPath: journal.tempPath, note: 'the parts were never archived; they are merged now' });
    return [];
  }
  logger.warn('merge.interrupted_merge_finished', { parts: journal.files.length, note: 'a previous merge archived these parts but stopped before deleting them' });
  return journal.files;
}

function readJournal(path: string): MergeJournal | undefined {
  try {
    const journal = JSON.parse(readFileSync(path, 'utf8')) as MergeJournal;
    return typeof journal.tempPath === 'string' && Array.isArray(journal.files) ? journal : undefined;
  } catch {
    return undefined;
  }
}

function publishedCopyOf(tempPath: string, backupDir: string): string | undefined {
  if (!existsSync(tempPath)) return undefined;
  const inode = statSync(tempPath).ino;
  return readdirSync(backupDir)
    .filter((name) => outputKinds.some((kind) => name.startsWith(`${kind.archivePrefix}_`)))
    .find((name) => statSync(join(backupDir, name)).ino === inode);
}

/** `.merge-<pid>-<ms>[.<output>].tmp.csv|parquet`: a merge's unpublished archives; `.tmp.csv.runs/`: its sorted runs. */
const tempName = /^\.merge-(\d+)-\d+(\.[a-z]+)?\.tmp\.(csv|parquet|csv\.runs)$/;

/** Removes unpublished backups of merges killed before they wrote their journal; a live merge's are left alone. */
export function removeAbandonedTempFiles(backupDir: string): number {
  if (!existsSync(backupDir) || !statSync(backupDir).isDirectory()) return 0;
  const abandoned = readdirSync(backupDir).filter((name) => {
    const match = tempName.exec(name);
    return match !== null && (Number(match[1]) === process.pid || !isAlive(Number(match[1])));
  });
  for (const name of abandoned) rmSync(join(backupDir, name), { recursive: true, force: true });
  return abandoned.length;
}
