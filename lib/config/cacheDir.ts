import { homedir } from 'node:os';
import { join } from 'node:path';

/** Caches live outside the clone so a fresh clone reuses jars and virtualenvs. */
export function cacheDirDefault(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'iot-pipeline');
}
