import { Field } from '../config/field';
import { Config } from '../config';
import { Logger } from '../log';

/** Flags declared as data: the same Field shape as environment settings. */
export type FlagFields = Record<string, Field<unknown>>;

export type FlagValues<Fields extends FlagFields> = {
  [Name in keyof Fields]: Fields[Name] extends Field<infer T> ? T : never;
};

export interface CommandContext<Fields extends FlagFields> {
  flags: FlagValues<Fields>;
  /** Positional arguments left after the flags (e.g. a file for `iot etl`). */
  args: string[];
  /** Loaded lazily so that `--help` works even with a broken environment. */
  config(): Config;
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop at a safe point. */
  signal: AbortSignal;
}

/**
 * One `iot` subcommand. `run` returns the exit code; errors it throws are
 * PipelineErrors that carry their own exit code and hint.
 */
export interface Command<Fields extends FlagFields = FlagFields> {
  name: string;
  summary: string;
  usage: string;
  flags: Fields;
  /** Set for a long streaming command: it runs in a worker isolate with this V8 young generation bound (see boundedIsolate.ts). */
  youngGenerationMb?: number;
  run(context: CommandContext<Fields>): Promise<number>;
}

/** Keeps the flag types of one command while storing it in a list of commands. */
export function defineCommand<Fields extends FlagFields>(command: Command<Fields>): Command<Fields> {
  return command;
}
