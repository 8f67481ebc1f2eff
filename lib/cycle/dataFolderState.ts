import { readdirSync } from 'node:fs';
import { Config } from '../config';
import { backupFilePattern, findPartFiles } from '../merge';

/**
 * One sentence on what the data folder holds right now, for the moment a cycle
 * stops (Ctrl-C, failure): whether anything waits to be merged, and where the
 * archives are.
 */
export function describeDataFolder(config: Config): string {
  const { paths } = config;
  const parts = findPartFiles(paths.output).parts.length;
  const checkpoint = entries(paths.checkpoint).length;
  const backups = entries(paths.backup).filter((name) => backupFilePattern.test(name)).sort();
  const waiting = parts > 0
    ? `${parts} part file(s) wait in ${paths.output} (the next \`iot cycle\` or \`iot merge\` archives them; nothing is lost)`
    : `${paths.output} has no part files`;
  const checkpointState = checkpoint > 0 ? 'the checkpoint holds the consumer\'s progress' : 'the checkpoint is empty';
  const archived = backups.length > 0 ? `${backups.length} backup(s) in ${paths.backup}, latest ${backups[backups.length - 1]}` : 'no backups yet';
  return `Data folder ${paths.data}: ${waiting}; ${checkpointState}; ${archived}.`;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}
