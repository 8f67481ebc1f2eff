import { configFields } from './fields';
import { Field } from './field';

/** `.env.example`, rendered from the same declarations that parse the settings, so the docs cannot drift. */
export function renderEnvExample(): string {
  const header = [
    '# iot-pipeline settings. Nothing needs to be set: the defaults are the embedded setup',
    '# (our own local Kafka broker, SQLite under DATA_DIR). Copy to .env and uncomment what you change.',
    '# Environment variables win over .env. Regenerate: node dist/scripts/envExample.js > .env.example',
    '',
  ];
  const blocks = Object.entries(configFields).map(([name, field]) => block(name, field as Field<unknown>));
  return [...header, ...blocks].join('\n');
}

function block(name: string, field: Field<unknown>): string {
  const defaultText = field.defaultText ?? (field.default === undefined ? '(unset)' : String(field.default));
  return [
    `# ${field.description}`,
    `# Accepts ${field.accepts}. Default: ${defaultText}.`,
    `# ${name}=${field.example}`,
    '',
  ].join('\n');
}
