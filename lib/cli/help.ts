import { Field } from '../config/field';
import { Command } from './command';
import { flagName } from './flags';

/** `iot <command> --help`: usage, then every flag with its accepted forms and default. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary, ''];
  const entries = Object.entries(command.flags);
  if (entries.length > 0) lines.push('Flags:');
  for (const [name, field] of entries) lines.push(...flagHelp(name, field));
  lines.push('  --help                 show this help', '');
  lines.push('Exit codes: 0 success, 1 the job failed, 2 usage or configuration error.');
  return lines.join('\n');
}

function flagHelp(name: string, field: Field<unknown>): string[] {
  const defaultText = field.defaultText ?? (field.default === undefined ? '(unset)' : String(field.default));
  return [
    `  ${flagName(name).padEnd(22)} ${field.description}`,
    `  ${''.padEnd(22)} accepts ${field.accepts}; default ${defaultText}; e.g. ${field.example}`,
  ];
}

/** `iot --help`: the commands in the order data flows through them. */
export function programHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    'Usage: iot <command> [flags]',
    '',
    'Real-time IoT pipeline: sensors → Kafka → micro-batch consumer → CSV parts → merge/archive → SQL ETL → Superset.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Run `iot <command> --help` for its flags. Settings come from the environment or .env (see .env.example).',
    'Exit codes: 0 success, 1 the job failed, 2 usage or configuration error.',
  ].join('\n');
}
