import { linkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { sleep } from '../process';

/** `sensor_data_YYYYMMDD_HHmmss.csv` (local time, as the original pipeline named its archives); other outputs use their own prefix. */
export function backupFileName(at: Date, extension: 'csv' | 'parquet' = 'csv', prefix = 'sensor_data'): string {
  return `${prefix}_${dayjs(at).format('YYYYMMDD_HHmmss')}.${extension}`;
}

/** Matches exactly the CSV names backupFileName gives; the ETL and the cycle find archives by it. */
export const backupFilePattern = /^sensor_data_\d{8}_\d{6}\.csv$/;

/** The archive names every format of one merge shares, e.g. sensor_data_20261126_110102. */
export function backupStem(fileName: string): string {
  return fileName.replace(/\.(csv|parquet)$/, '');
}

/** A finished temporary archive and the name prefix it is published under. */
export interface ArchiveToPublish {
  tempPath: string;
  prefix: string;
}

/**
 * Gives the finished temporary file its timestamped name without ever
 * replacing an existing backup: a hard link fails when the name is taken, in
 * which case we wait for the next second rather than invent another name form.
 * Returns the backup path; the temporary name is removed.
 */
export async function publishWithoutOverwrite(tempPath: string, backupDir: string, now: () => Date = () => new Date()): Promise<string> {
  const [path] = await publishArchives([{ tempPath, prefix: 'sensor_data' }], backupDir, now);
  return path;
}

/**
 * Publishes one merge's archives (readings, windows, alerts) under one
 * timestamp, all or none, never overwriting. The last archive (the
 * readings') is linked last: its name is the merge's commit point, so a
 * merge killed before it leaves only links mergeJournal.ts takes back.
 * Temporary names go once every archive has its name.
 */
export async function publishArchives(archives: ArchiveToPublish[], backupDir: string, now: () => Date = () => new Date()): Promise<string[]> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const at = now();
    const linked: string[] = [];
    try {
      for (const { tempPath, prefix } of archives) {
        const target = join(backupDir, backupFileName(at, 'csv', prefix));
        linkSync(tempPath, target);
        linked.push(target);
      }
      for (const { tempPath } of archives) unlinkSync(tempPath);
      return linked;
    } catch (error) {
      for (const path of linked) unlinkSync(path);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await sleep(1000 - (Date.now() % 1000) + 5);
    }
  }
  throw new Error(`every backup name in ${backupDir} for the last 10 seconds is taken`);
}

/** Publishes a sibling file (e.g. the Parquet copy) under the same stem as the CSV backup; never overwrites. */
export function publishSibling(tempPath: string, csvBackupPath: string, extension: 'parquet'): string {
  const target = `${backupStem(csvBackupPath)}.${extension}`;
  linkSync(tempPath, target);
  unlinkSync(tempPath);
  return target;
}
