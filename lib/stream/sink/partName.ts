import { createHash } from 'node:crypto';
import { OffsetsEntry } from '../checkpoint/entries';

/**
 * Part files are named by batch and by a hash of what the batch read, so a
 * redo of the same planned batch writes the same names and replaces what a
 * killed attempt left; a batch with other offsets (a later cycle) never
 * collides with an earlier cycle's files.
 */
export function batchFileId(entry: OffsetsEntry): string {
  const partitions = Object.keys(entry.end).sort((a, b) => Number(a) - Number(b));
  const ranges = partitions.map((p) => `${p}:${entry.start[p] ?? entry.end[p]}-${entry.end[p]}`).join(',');
  return createHash('sha256').update(`${entry.topic}|${ranges}`).digest('hex').slice(0, 16);
}

/** A group instance's files carry its id, so instances sharing output/ never collide and each tells its own files apart. */
export function batchFilePrefix(entry: OffsetsEntry): string {
  const owner = entry.instance === undefined ? '' : `${entry.instance}-`;
  return `part-${owner}${String(entry.batchId).padStart(5, '0')}-${batchFileId(entry)}.`;
}

export function partFileName(entry: OffsetsEntry, extension: 'csv' | 'parquet' | 'jsonl'): string {
  return `${batchFilePrefix(entry)}${extension}`;
}
