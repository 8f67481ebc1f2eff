import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { $ } from 'zx';
import { Config } from '../config';
import { ServiceError } from '../errors';
import { Logger } from '../log';
import { ensureVenv, VenvSpec } from '../services/pythonVenv';

/** The repository root (this file compiles to dist/lib/notebook/). */
export const repoRoot = join(__dirname, '..', '..', '..');
export const notebooksDir = join(repoRoot, 'notebooks');

/** Pinned so every clone executes notebooks with the same Jupyter; a change re-creates the venv. */
export const jupyterVenvSpec: VenvSpec = {
  name: 'venv-jupyter',
  requirements: ['jupyterlab==4.6.6', 'nbclient==0.11.0', 'nbconvert==7.17.2', 'nbformat==5.11.1', 'ipykernel==7.4.0'],
};

export interface JupyterEnv {
  venv: string;
  python: string;
  /** Environment for jupyter/nbclient: the tslab kernel's command must be on PATH. */
  env: NodeJS.ProcessEnv;
}

/**
 * The Jupyter virtualenv (cached outside git) with the tslab kernel registered
 * inside it (--sys-prefix), never in the user's or system's Jupyter. The
 * kernelspec names the command `tslab`, not an absolute path, because the venv
 * is shared by every clone: each clone puts its own node_modules/.bin first on PATH.
 */
export async function ensureJupyter(config: Config, logger: Logger): Promise<JupyterEnv> {
  const venv = await ensureVenv(config.cacheDir, jupyterVenvSpec, logger);
  const python = join(venv, 'bin', 'python');
  const env = jupyterProcessEnv(venv);
  if (!existsSync(join(venv, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json'))) {
    await registerTslabKernel(python, env, logger);
  }
  return { venv, python, env };
}

export function jupyterProcessEnv(venv: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const path = [join(repoRoot, 'node_modules', '.bin'), join(venv, 'bin'), base.PATH ?? ''].join(delimiter);
  // JUPYTER_PLATFORM_DIRS silences jupyter_core's migration warning in every kernel start.
  return { ...base, PATH: path, VIRTUAL_ENV: venv, JUPYTER_PLATFORM_DIRS: '1' };
}

async function registerTslabKernel(python: string, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  const tslab = join(repoRoot, 'node_modules', '.bin', 'tslab');
  if (!existsSync(tslab)) {
    throw new ServiceError('The tslab kernel is not installed (node_modules/.bin/tslab is missing).', {
      code: 'TSLAB_MISSING', retriable: false,
      hint: 'Run `make install` (npm ci) in the repository; tslab is a devDependency.',
    });
  }
  logger.info('jupyter.kernel.registering', { kernel: 'tslab' });
  try {
    await $({ quiet: true, env })`${tslab} install --python=${python} --sys-prefix`;
  } catch (error) {
    throw new ServiceError(`Could not register the tslab kernel in ${python}: ${String((error as { stderr?: string }).stderr ?? error).trim()}`, {
      code: 'TSLAB_INSTALL_FAILED', retriable: false,
      hint: 'Delete the venv folder under IOT_CACHE_DIR (venv-jupyter) and run `make notebook` again.',
    });
  }
}
