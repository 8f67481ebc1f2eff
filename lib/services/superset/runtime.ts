import { $ } from 'zx';
import { ServiceError } from '../../errors';

/** Superset as it runs here: its CLI for the bootstrap, its web server for everything else. */
export interface SupersetRuntime {
  mode: 'docker' | 'native';
  /** Runs `superset <args>` against our metadata DB; resolves with its output. */
  superset(args: string[]): Promise<string>;
  /** Starts the web server if it is not running. */
  start(): Promise<void>;
  stop(): Promise<boolean>;
  running(): boolean;
  /** Last lines of the server's log, for "did not start" errors. */
  logTail(): string;
}

/** Runs a command to completion; a failure becomes a ServiceError quoting the command's last lines. */
export async function runTool(command: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<string> {
  const result = await $({ quiet: true, nothrow: true, env, stdio: ['ignore', 'pipe', 'pipe'] })`${command} ${args}`;
  const output = `${result.stdout}\n${result.stderr}`.trim();
  if (result.exitCode !== 0) {
    const tail = output.split('\n').slice(-12).join('\n');
    throw new ServiceError(`${what} failed (exit ${result.exitCode}):\n${tail}`, {
      code: 'SUPERSET_COMMAND_FAILED', retriable: false,
      hint: 'Read the lines above; `npx iot services down superset` and `up` again retries from scratch with the same metadata DB.',
    });
  }
  return output;
}
