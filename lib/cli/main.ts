import { join } from 'node:path';
import { Config, loadConfig } from '../config';
import { isPipelineError, PipelineError } from '../errors';
import { createLogger } from '../log';
import { Command } from './command';
import { parseFlags } from './flags';
import { commandHelp, programHelp } from './help';
import { commands } from './commands';

/**
 * The `iot` entry point: picks the subcommand, parses its flags, loads the
 * config once, turns SIGINT/SIGTERM into an AbortSignal, and maps every
 * failure to a readable message and an exit code (0 ok, 1 job failed, 2 usage/config).
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(programHelp(commands) + '\n');
    return name ? 0 : 2;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`error: unknown command "${name}".\n  → Commands: ${commands.map((c) => c.name).join(', ')}. See \`iot --help\`.\n`);
    return 2;
  }
  return runCommand(command, rest);
}

export async function runCommand(command: Command, argv: string[]): Promise<number> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const parsed = parseFlags(command.flags, argv, command.name);
    if (parsed.help) {
      process.stdout.write(commandHelp(command) + '\n');
      return 0;
    }
    let config: Config | undefined;
    const loadOnce = () => (config ??= loadConfig());
    const logger = createLogger({ component: command.name, file: logFile(loadOnce), ...loadOnce().log });
    return await command.run({ flags: parsed.flags, args: parsed.args, config: loadOnce, logger, signal: abort.signal });
  } catch (error) {
    return reportFailure(error);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** JSON-line log file under DATA_DIR/logs; loading the config here validates it before any work starts. */
function logFile(config: () => Config): string {
  return join(config().paths.logs, 'iot.jsonl');
}

/** Whether running the same command again can help: the error's `retriable` flag, said in words. */
export function rerunAdvice(error: PipelineError): string {
  return error.retriable
    ? '↻ This may be temporary: the same command may succeed when run again (e.g. once the service answers).'
    : '✎ Fix the cause first: running the same command again unchanged will fail the same way.';
}

function reportFailure(error: unknown): number {
  if (isPipelineError(error)) {
    process.stderr.write(`error [${error.code}]: ${error.describe()}\n  ${rerunAdvice(error)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`error [UNEXPECTED]: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.stderr.write('  → This is a bug in iot-pipeline; please report it with the lines above.\n');
  return 1;
}
