import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret the user may set; when unset, one generated on first use and kept
 * (mode 600) so later starts reuse it: sessions stay valid, stored database
 * passwords stay decryptable, the admin keeps the same login.
 */
export function configuredOrStoredSecret(configured: string | undefined, file: string, bytes = 32): { value: string; generated: boolean } {
  if (configured) return { value: configured, generated: false };
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return { value: stored, generated: true };
  }
  mkdirSync(dirname(file), { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return { value, generated: true };
}
