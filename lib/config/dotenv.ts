import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors';

/**
 * Reads KEY=VALUE lines from a .env file: `#` comments, optional `export`,
 * optional single or double quotes. Deliberately small: no interpolation, so a
 * value means exactly what it says.
 */
export function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const values: Record<string, string> = {};
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
      if (!match) {
        throw new ConfigError(`${path}:${index + 1}: cannot read "${trimmed}"`, {
          hint: 'Write each setting as NAME=value, one per line; see .env.example.',
        });
      }
      values[match[1]] = unquote(match[2]);
    });
  return values;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  if (quoted) return quoted[2];
  return value.replace(/\s+#.*$/, '');
}
