import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Config, loadConfig } from '../config';
import { isPipelineError, PipelineError, redactSecrets, storageErrorFrom } from '../errors';
import { createLogger, Logger } from '../log';
import { Command } from './command';
import { parseFlags } from './flags';
import { commandHelp, programHelp } from './help';
import { commands } from './commands';
import { canIsolate, runInBoundedIsolate } from './boundedIsolate';
import { didYouMean } from './suggest';
import { situationHint } from './situationHint';
import { versionLine } from './version';

/**
 * The `iot` entry point: picks the subcommand, parses its flags, loads the
 * config once, turns SIGINT/SIGTERM into an AbortSignal, and maps every
 * failure to a readable message and an exit code (0 ok, 1 job failed, 2 usage/config).
 */
export async function main(argv: string[], signal?: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(programHelp(commands) + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(versionLine() + '\n');
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(unknownCommand(name));
    return 2;
  }
  if (command.youngGenerationMb !== undefined && canIsolate) {
    const config = configOrUndefined();
    const limits = { youngGenerationMb: command.youngGenerationMb, oldGenerationMb: config?.stream.heapMb };
    return runInBoundedIsolate(argv, limits).catch((error: unknown) => reportFailure(error, command.name, config && join(config.paths.logs, 'iot.jsonl'), config));
  }
  return runCommand(command, rest, signal);
}

/** The config for the isolate's bounds; a bad one is left to the command itself to report (the isolate then needs no bound). */
function configOrUndefined(): Config | undefined {
  try {
    return loadConfig();
  } catch {
    return undefined;
  }
}

function unknownCommand(name: string): string {
  const names = commands.map((command) => command.name);
  const guess = didYouMean(name, names, (match) => `\`iot ${match}\``);
  const lines = [`error [USAGE]: unknown command "${name}".`];
  if (guess) lines.push(`  → ${guess}`);
  lines.push(`  → Commands: ${names.join(', ')}. Start with \`iot cycle\`; see \`iot --help\`.`);
  return lines.join('\n') + '\n';
}

export async function runCommand(command: Command, argv: string[], signal?: AbortSignal): Promise<number> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  signal?.addEventListener('abort', stop, { once: true });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let config: Config | undefined;
  let file: string | undefined;
  try {
    const parsed = parseFlags(command.flags, argv, command.name);
    if (parsed.help) {
      process.stdout.write(commandHelp(command) + '\n');
      return 0;
    }
    const loadOnce = () => (config ??= loadConfig());
    file = writableLogFile(loadOnce());
    const logger = createLogger({ component: command.name, file, ...loadOnce().log });
    return await command.run({ flags: parsed.flags, args: parsed.args, config: loadOnce, logger, signal: abort.signal });
  } catch (error) {
    return reportFailure(explain(error, config), command.name, file, config);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/**
 * The JSON-line log file under DATA_DIR/logs, or none when that folder cannot
 * be made (DATA_DIR naming a file, a read-only disk): the command still runs
 * and meets the problem where it can name it. Loading the config here
 * validates it before any work starts.
 */
function writableLogFile(config: Config): string | undefined {
  try {
    mkdirSync(config.paths.logs, { recursive: true });
    return join(config.paths.logs, 'iot.jsonl');
  } catch {
    return undefined;
  }
}

/** Whether running the same command again can help: the error's `retriable` flag, said in words. */
export function rerunAdvice(error: PipelineError): string {
  return error.retriable
    ? '↻ This may be temporary: the same command may succeed when run again (e.g. once the service answers).'
    : '✎ Fix the cause first: running the same command again unchanged will fail the same way.';
}

/** A disk or file-system error no stage explained still gets a StorageError naming its path. */
function explain(error: unknown, config: Config | undefined): unknown {
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall ?? 'use';
  return storageErrorFrom(error, {
    action: `${syscall} a file`,
    rerun: 'run the command again: finished batches, backups and loads are kept, and each stage resumes where it stopped',
    configured: config ? { name: 'DATA_DIR', path: config.paths.data } : undefined,
  }) ?? error;
}

function reportFailure(error: unknown, command: string, file: string | undefined, config?: Config): number {
  if (isPipelineError(error)) {
    const hint = situationHint(error, config);
    process.stderr.write(`error [${error.code}]: ${error.message}${hint ? `\n  → ${hint}` : ''}\n  ${rerunAdvice(error)}\n`);
    logFatal(file, command, error, error.exitCode);
    return error.exitCode;
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  process.stderr.write(`error [UNEXPECTED]: ${message}\n`);
  process.stderr.write(`  → This is a bug in iot-pipeline; please report it with this line${file ? ` and the stack trace in ${file}` : ''}.\n`);
  logFatal(file, command, error, 1);
  return 1;
}

/** Every fatal error also lands in the log file, with the stack a bug report needs; never the console's only copy. */
function logFatal(file: string | undefined, command: string, error: unknown, exitCode: number): void {
  if (!file) return;
  try {
    const logger: Logger = createLogger({ component: command, file, write: () => undefined });
    const pipeline = error instanceof PipelineError ? error : undefined;
    logger.error('fatal', {
      code: pipeline?.code ?? 'UNEXPECTED',
      message: error instanceof Error ? error.message : String(error),
      hint: pipeline?.hint,
      retriable: pipeline?.retriable,
      exitCode,
      stack: pipeline ? undefined : (error as Error | undefined)?.stack,
    });
  } catch {
    /* the log folder went away or filled up: stderr already has it */
  }
}
