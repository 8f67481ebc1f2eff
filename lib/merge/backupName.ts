import { linkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { sleep } from '../process';

/** `sensor_data_YYYYMMDD_HHmmss.csv` (local time, as the original pipeline named its archives). */
export function backupFileName(at: Date, extension: 'csv' | 'parquet' = 'csv'): string {
  return `sensor_data_${dayjs(at).format('YYYYMMDD_HHmmss')}.${extension}`;
}

/** Matches exactly the CSV names backupFileName gives; the ETL and the cycle find archives by it. */
export const backupFilePattern = /^sensor_data_\d{8}_\d{6}\.csv$/;

/** The archive names every format of one merge shares, e.g. sensor_data_20261126_110102. */
export function backupStem(fileName: string): string {
  return fileName.replace(/\.(csv|parquet)$/, '');
}

/**
 * Gives the finished temporary file its timestamped name without ever
 * replacing an existing backup: a hard link fails when the name is taken, in
 * which case we wait for the next second rather than invent another name form.
 * Returns the backup path; the temporary name is removed.
 */
export async function publishWithoutOverwrite(tempPath: string, backupDir: string, now: () => Date = () => new Date()): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = join(backupDir, backupFileName(now()));
    try {
      linkSync(tempPath, target);
      unlinkSync(tempPath);
      return target;
    } catch (error) {
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
