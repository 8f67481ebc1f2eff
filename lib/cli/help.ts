import { Field } from '../config/field';
import { Command } from './command';
import { flagName, isBoolean } from './flags';

/** Help is wrapped to the terminal it is shown on; a pipe or a file gets 100 columns. */
function terminalWidth(): number {
  return Math.max(60, Math.min(process.stdout.columns ?? 100, 120));
}

/** Breaks `text` into lines of at most `width`, the first after `head`, the rest indented to head's length. */
export function wrap(head: string, text: string, width = terminalWidth()): string[] {
  const indent = ' '.repeat(head.length);
  const lines: string[] = [];
  let line = head;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const fresh = line === head || line === indent;
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += (line === head || line === indent ? '' : ' ') + word;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** `iot <command> --help`: usage, then every flag with its accepted forms and default. */
export function commandHelp(command: Command): string {
  const lines = [...wrap('Usage: ', command.usage), '', ...wrap('', command.summary), ''];
  const entries = Object.entries(command.flags);
  if (entries.length > 0) lines.push('Flags (a yes/no flag is on when given bare: --json; or --json=false):');
  for (const [name, field] of entries) lines.push(...flagHelp(name, field));
  lines.push('  --help                 show this help', '');
  lines.push('Exit codes: 0 success, 1 the job failed, 2 usage or configuration error.');
  return lines.join('\n');
}

function flagHelp(name: string, field: Field<unknown>): string[] {
  const head = `  ${flagName(name).padEnd(22)} `;
  if (isBoolean(field)) return wrap(head, `${field.description} (yes/no flag; default ${field.default === true ? 'on' : 'off'})`);
  const defaultText = field.defaultText ?? (field.default === undefined ? '(unset)' : String(field.default));
  return [...wrap(head, field.description), ...wrap(' '.repeat(head.length), `accepts ${field.accepts}; default ${defaultText}; e.g. ${field.example}`)];
}

/** `iot --help`: the commands in the order given (lib/cli/commands: `cycle` first). */
export function programHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 4;
  return [
    'Usage: iot <command> [flags]',
    '',
    ...wrap('', 'Real-time IoT pipeline: sensors → Kafka → micro-batch consumer → CSV parts → merge/archive → SQL ETL → Superset.'),
    '',
    'Start with `iot cycle`: it starts Kafka and runs every stage once, then prints a summary.',
    '',
    'Commands:',
    ...commands.flatMap((command) => wrap(`  ${command.name.padEnd(width - 2)}`, command.summary)),
    '',
    ...wrap('', 'Run `iot <command> --help` for its flags, `iot --version` for the version. Settings come from the environment or .env (see .env.example).'),
    'Exit codes: 0 success, 1 the job failed, 2 usage or configuration error.',
  ].join('\n');
}
