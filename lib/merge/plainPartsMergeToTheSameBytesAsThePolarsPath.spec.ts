// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvHeader } from '../schema';
import { scratchDir } from '../../test/support';
import { ManifestPart } from './manifest';
import { writeRangeSortedCsv } from './rangeSort';
import { writeMergedCsv } from './writeMerged';

/** Parts whose lines stress the order: equal keys across parts, ids 2 vs 10, empty fields, timestamps off the schema's form, non-ASCII. */
function writeParts(dir: string, lines: string[][]): ManifestPart[] {
  return lines.map((part, index) => {
    const path = join(dir, `part-${index}.csv`);
    writeFileSync(path, `${csvHeader}\n${part.join('\n')}\n`);
    return { path, kind: 'csv', output: 'readings', rows: part.length, bytes: statSync(path).size, batchId: index, checkpoint: dir };
  });
}

function bothPaths(lines: string[][]): { plain: string; polars: string } {
  const scratch = scratchDir();
  try {
    const parts = writeParts(scratch.dir, lines);
    const rows = lines.reduce((sum, part) => sum + part.length, 0);
    writeMergedCsv(parts, join(scratch.dir, 'plain.csv'), scratch.dir, rows);
    writeRangeSortedCsv(parts, join(scratch.dir, 'polars.csv'), scratch.dir, rows);
    return { plain: readFileSync(join(scratch.dir, 'plain.csv'), 'utf8'), polars: readFileSync(join(scratch.dir, 'polars.csv'), 'utf8') };
  } finally {
    scratch.cleanup();
  }
}

test('plain parts merge to the same bytes as the polars path, ties in part order', () => {
  const { plain, polars } = bothPaths([
    ['10,1,2,2026-11-26 00:00:01', '2,1,2,2026-11-26 00:00:01', '3,,,2026-11-26 00:00:00', '5,1,2,', '-4,9,9,2026-11-26 00:00:01', '0,1,1,abc', '7,x,y,2026-1-1 00:00:00', '8,1,1,é2026'],
    ['2,9,9,2026-11-26 00:00:01', '10,0,0,2026-11-26 00:00:01', '6,,,', '11,1,1,2026-11-26 00:00:00.5', '12,1,1,2026-11-25 23:59:59', '100000000000000,1,1,2026-11-26 00:00:01'],
  ]);
  assert.is(plain, polars);
  const lines = plain.split('\n');
  assert.is(lines[0], csvHeader);
  assert.equal(lines.slice(1, 3), ['5,1,2,', '6,,,'], 'rows without a timestamp first, in part order');
  assert.ok(lines.indexOf('2,1,2,2026-11-26 00:00:01') < lines.indexOf('2,9,9,2026-11-26 00:00:01'), 'a tie keeps part order');
  assert.ok(lines.indexOf('2,9,9,2026-11-26 00:00:01') < lines.indexOf('10,1,2,2026-11-26 00:00:01'), 'sensor_id sorts as a number');
});

/** Parts of `rows` lines each with schema-form timestamps only, many equal keys, from a fixed seed. */
function schemaFormParts(parts: number, rows: number, seconds: number, sensors: () => number): string[][] {
  let random = 7;
  const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
  const start = Date.UTC(2026, 10, 26, 23, 50, 0);
  return Array.from({ length: parts }, (_, part) => Array.from({ length: rows }, (_, row) => {
    const timestamp = new Date(start + Math.floor(next() * seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    return `${sensors()},${part},${row},${timestamp}`;
  }));
}

test('schema-form timestamps (the packed-number sort) merge to the same bytes as polars, equal keys in part and line order', () => {
  // Ten minutes across midnight, sensors -3..6: keys repeat often, so stability shows.
  const lines = schemaFormParts(3, 2_000, 600, () => Math.floor(Math.random() * 10) - 3);
  const { plain, polars } = bothPaths(lines);
  assert.is(plain, polars);
  assert.is(plain.split('\n').length, 2 + 3 * 2_000);
});

test('keys too far apart to pack (years, 15-digit sensor ids) are compared row by row, same bytes as polars', () => {
  const lines = schemaFormParts(2, 1_000, 3 * 365 * 86_400, () => (Math.random() < 0.5 ? 1 : 999_999_999_999_999));
  const { plain, polars } = bothPaths(lines);
  assert.is(plain, polars);
});

test('a part with a quoted field sends the merge through polars, which writes it as before', () => {
  const { plain, polars } = bothPaths([['1,1,1,2026-11-26 00:00:02', '2,1,1,"2026-11-26 00:00:01,5"'], ['3,1,1,2026-11-26 00:00:00']]);
  assert.is(plain, polars);
  assert.is(plain, `${csvHeader}\n3,1,1,2026-11-26 00:00:00\n2,1,1,"2026-11-26 00:00:01,5"\n1,1,1,2026-11-26 00:00:02\n`);
});

test.run();
