import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `iot --version`: the package's version and the Node it runs on (the first thing a bug report needs). */
export function versionLine(): string {
  return `iot-pipeline ${packageVersion()} (Node ${process.version}, ${process.platform}-${process.arch})`;
}

/** package.json's version, found above this file whether it runs compiled (dist/lib/cli) or from source. */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'iot-pipeline') return manifest.version ?? 'unknown';
  }
  return 'unknown';
}
