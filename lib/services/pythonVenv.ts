import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { ServiceError } from '../errors';
import { Logger } from '../log';

export interface VenvSpec {
  /** Folder name under the cache, e.g. "venv-superset". */
  name: string;
  /** pip requirement lines, pinned; a change re-creates the venv. */
  requirements: string[];
}

/**
 * A Python virtualenv in the cache (outside git), created once per set of
 * requirements and reused by every clone and run. Returns the venv folder;
 * its tools are in `<venv>/bin`.
 */
export async function ensureVenv(cacheDir: string, spec: VenvSpec, logger: Logger): Promise<string> {
  const venv = join(cacheDir, spec.name);
  const stamp = join(venv, '.iot-requirements');
  const wanted = spec.requirements.join('\n') + '\n';
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return venv;
  logger.info('venv.creating', { venv, packages: spec.requirements.length });
  try {
    rmSync(venv, { recursive: true, force: true });
    await $({ quiet: true })`python3 -m venv ${venv}`;
    await $({ quiet: true })`${join(venv, 'bin', 'pip')} install --quiet --disable-pip-version-check ${spec.requirements}`;
  } catch (error) {
    rmSync(venv, { recursive: true, force: true });
    const output = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').slice(-8).join('\n');
    throw new ServiceError(`Could not create the Python virtualenv ${venv}: ${output}`, {
      code: 'VENV_FAILED', retriable: false,
      hint: 'Check that python3 -m venv works (apt-get install python3-venv) and that PyPI is reachable.',
    });
  }
  writeFileSync(stamp, wanted);
  logger.info('venv.ready', { venv });
  return venv;
}
