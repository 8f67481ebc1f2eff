// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../../test/support';
import { kWayMerge } from './kWayMerge';

interface Row { sensor: number; timestamp: string; run: number; line: string }

/** A deterministic pseudo-random sequence, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** The merge's order: timestamp bytes (empty first), then sensor id as a number, then run order (stable). */
function mergeOrder(a: Row, b: Row): number {
  if (a.timestamp !== b.timestamp) return Buffer.compare(Buffer.from(a.timestamp), Buffer.from(b.timestamp));
  return a.sensor - b.sensor || a.run - b.run;
}

/** `runs` sorted runs of plain CSV lines (no header), many equal keys across runs, some timestamps outside the schema's form. */
function makeRuns(runs: number, seed: number): Row[][] {
  const next = random(seed);
  return Array.from({ length: runs }, (_, run) => {
    const rows = Array.from({ length: Math.floor(next() * 300) }, (_, index) => {
      const second = Math.floor(next() * 20);
      const odd = next() < 0.05;
      const timestamp = odd ? ['', 'x', '2026-01-01T10:00:00'][index % 3] : `2026-01-01 10:00:${String(second).padStart(2, '0')}`;
      const sensor = 1 + Math.floor(next() * 12);
      return { sensor, timestamp, run, line: `${sensor},${(next() * 50).toFixed(2)},${run},${timestamp}` };
    });
    return rows.sort(mergeOrder);
  });
}

function merged(dir: string, runs: Row[][]): string[] {
  const paths = runs.map((rows, index) => {
    const path = join(dir, `run-${index}.csv`);
    writeFileSync(path, rows.map((row) => `${row.line}\n`).join(''));
    return path;
  });
  const out = join(dir, 'merged.csv');
  const fd = openSync(out, 'w');
  try {
    kWayMerge(paths, fd);
  } finally {
    closeSync(fd);
  }
  const text = readFileSync(out, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

test('k sorted runs merge into the lines one stable sort of all of them gives (ties keep run order)', () => {
  const scratch = scratchDir('iot-kway-');
  try {
    for (const [runs, seed] of [[1, 1], [2, 2], [3, 3], [7, 4], [24, 5], [40, 6]]) {
      const input = makeRuns(runs, seed);
      const expected = input.flat().sort(mergeOrder).map((row) => row.line);
      assert.equal(merged(scratch.dir, input), expected, `${runs} runs`);
    }
  } finally {
    scratch.cleanup();
  }
});

test('empty runs, and lines longer than a read chunk (64 KiB), are merged whole', () => {
  const scratch = scratchDir('iot-kway-');
  try {
    const long = (sensor: number, second: number, run: number): Row => {
      const timestamp = `2026-01-01 10:00:0${second}`;
      return { sensor, timestamp, run, line: `${sensor},${'9'.repeat(70_000)},${run},${timestamp}` };
    };
    const input: Row[][] = [[], [long(1, 1, 1), long(2, 3, 1)], [], [long(1, 2, 3)], []];
    assert.equal(merged(scratch.dir, input), [input[1][0], input[3][0], input[1][1]].map((row) => row.line));
    assert.equal(merged(scratch.dir, [[], []]), []);
  } finally {
    scratch.cleanup();
  }
});

test.run();
