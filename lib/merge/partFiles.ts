import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataError } from '../errors';
import { csvHeader } from '../schema';

export type PartKind = 'csv' | 'parquet';

export interface PartFile {
  path: string;
  kind: PartKind;
  bytes: number;
}

export interface SkippedFile {
  path: string;
  reason: 'temporary' | 'metadata' | 'not a part file';
}

export interface PartListing {
  /** Part files with data, in name order. */
  parts: PartFile[];
  /** Zero-byte part files: nothing to read, removed with the others after a merge. */
  empty: string[];
  /** Files left alone: a writer may still own them. */
  skipped: SkippedFile[];
}

const partName = /^part-.+\.(csv|parquet)$/;
const temporary = /\.(tmp|temp|inprogress|crc|partial)$/i;

/**
 * The consumer's finished part files under `outputDir` (subfolders too).
 * Temporary files (being written) and metadata (`_SUCCESS`, `.crc`, dotfiles)
 * are not data and are never read or deleted.
 */
export function findPartFiles(outputDir: string): PartListing {
  const listing: PartListing = { parts: [], empty: [], skipped: [] };
  visit(outputDir, listing);
  listing.parts.sort((a, b) => a.path.localeCompare(b.path));
  return listing;
}

function visit(dir: string, listing: PartListing): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) listing.skipped.push({ path, reason: 'metadata' });
      else visit(path, listing);
      continue;
    }
    classify(path, entry.name, listing);
  }
}

function classify(path: string, name: string, listing: PartListing): void {
  if (temporary.test(name)) return void listing.skipped.push({ path, reason: 'temporary' });
  if (name.startsWith('.') || name.startsWith('_')) return void listing.skipped.push({ path, reason: 'metadata' });
  const match = partName.exec(name);
  if (!match) return void listing.skipped.push({ path, reason: 'not a part file' });
  const bytes = statSync(path).size;
  if (bytes === 0) listing.empty.push(path);
  else listing.parts.push({ path, kind: match[1] as PartKind, bytes });
}

/** Refuses a CSV part whose first line is not the schema's header, naming the file and both headers. */
export function checkCsvHeader(path: string, outputDir: string): void {
  const first = firstLine(path);
  if (first === csvHeader) return;
  throw new DataError(`Part file ${relative(outputDir, path)} has the header "${printable(first)}", expected "${csvHeader}".`, {
    code: 'PART_HEADER_MISMATCH',
    hint: `Nothing was merged or deleted. Move ${path} out of ${outputDir} (it was not written by \`iot consume\`), then run \`iot merge\` again.`,
  });
}

function firstLine(path: string): string {
  const buffer = Buffer.alloc(4096);
  const fd = openSync(path, 'r');
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, length).toString('utf8');
    const end = text.indexOf('\n');
    return (end === -1 ? text : text.slice(0, end)).replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

function printable(text: string): string {
  return JSON.stringify(text.length > 120 ? text.slice(0, 120) + '…' : text).slice(1, -1);
}
