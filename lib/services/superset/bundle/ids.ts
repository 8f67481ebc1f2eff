import { createHash } from 'node:crypto';

/**
 * Stable UUIDs for every asset in the bundle, derived from a name: the import
 * overwrites by UUID, so the same name must give the same UUID on every run
 * and every machine (a re-import replaces, never duplicates).
 */
export function assetUuid(kind: 'database' | 'dataset' | 'chart' | 'dashboard', name: string): string {
  const hex = createHash('sha256').update(`iot-pipeline/superset/${kind}/${name}`).digest('hex');
  // RFC 4122 layout, version 5-style (name-based) and variant bits set.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The version string Superset's v1 import format expects in every file. */
export const bundleFormatVersion = '1.0.0';
