import { createHash } from 'node:crypto';
import { OffsetsEntry } from '../checkpoint';

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

export function batchFilePrefix(batchId: number, fileId: string): string {
  return `part-${String(batchId).padStart(5, '0')}-${fileId}.`;
}

export function partFileName(batchId: number, fileId: string, extension: 'csv' | 'parquet' | 'jsonl'): string {
  return `${batchFilePrefix(batchId, fileId)}${extension}`;
}
