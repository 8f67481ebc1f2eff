import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { supersetSourceDir } from './paths';

/** One Superset version for the virtualenv and the Docker image. */
export const supersetVersion = '6.0.0';

/** apache/superset with the database drivers added (superset/Dockerfile). */
export const supersetImage = `iot-pipeline/superset:${supersetVersion}`;

/**
 * Every package of the virtualenv pinned (superset/requirements.txt, a
 * `pip freeze` of a working install): apache-superset's own ranges let new
 * releases in that break it, and 6.0.0 misses `rich` among its requirements.
 */
export function supersetRequirements(): string[] {
  return readFileSync(join(supersetSourceDir(), 'requirements.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
