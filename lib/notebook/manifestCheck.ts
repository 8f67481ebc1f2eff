import { basename } from 'node:path';
import { Config } from '../config';
import { isPipelineError } from '../errors';
import { readManifest } from '../merge';
import { verifyManifest } from '../merge/verifyManifest';

export interface ManifestCheck {
  parts: Array<{ batch: number; 'part file': string; rows: number; bytes: number }>;
  /** Files in output/ that no commit names (an uncommitted attempt): never archived. */
  uncommitted: string[];
  /** "every part matches its sink-log entry", or what does not. */
  verdict: string;
}

/** What the merge will archive, read from the checkpoint's sink log (never a glob), and its check of each part. */
export function manifestCheck(config: Config): ManifestCheck {
  const { paths } = config;
  const manifest = readManifest(paths.checkpoint, paths.data, paths.output, paths.quarantine);
  const parts = manifest.committed.map((part) => ({ batch: part.batchId, 'part file': basename(part.path), rows: part.rows, bytes: part.bytes }));
  let verdict = `all ${parts.length} part files match their sink-log entries (bytes and rows)`;
  try {
    verifyManifest(manifest, paths.data);
  } catch (error) {
    if (!isPipelineError(error)) throw error;
    verdict = `the merge would stop: ${error.message}`;
  }
  return { parts, uncommitted: manifest.uncommitted.map((path) => basename(path)), verdict };
}
