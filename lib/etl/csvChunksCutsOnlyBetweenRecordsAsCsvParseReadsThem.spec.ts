// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvHeader } from '../schema';
import { scratchDir } from '../../test/support';
import { lastLineEnd, readingChunks } from './csvChunks';

/** Rows with every shape a field can take in our CSV: plain, quoted, with commas, quotes and newlines inside quotes, empty. */
function sampleRows(count: number): string[] {
  const timestamps = ['2026-01-01 10:00:00', '"2026-01-01\n10:00:01"', '"a ""quoted"" one"', '"x,y"', '', '"\r\n"', '"ends with newline\n"'];
  return Array.from({ length: count }, (_, index) => `${index + 1},${(index % 7) - 3}.5,${index % 100},${timestamps[index % timestamps.length]}`);
}

const records = (text: string | Buffer): string[][] => parse(text, { relaxQuotes: false, skipEmptyLines: false });

test('every prefix is cut exactly after its last whole record, where csv-parse says that record ends', () => {
  const text = Buffer.from(sampleRows(40).join('\n') + '\n');
  const recordEnds = (parse(text, { info: true }) as unknown as Array<{ info: { bytes: number } }>).map((entry) => entry.info.bytes);
  const all = records(text);
  for (let length = 0; length <= text.length; length++) {
    const end = lastLineEnd(text.subarray(0, length));
    const expected = recordEnds.filter((recordEnd) => recordEnd <= length).pop() ?? 0;
    assert.is(end, expected, `prefix of ${length} bytes`);
    assert.equal(end === 0 ? [] : records(text.subarray(0, end)), all.slice(0, recordEnds.indexOf(end) + 1));
  }
});

test('readingChunks in chunks of any size gives the rows csv-parse reads, with the right first line numbers', () => {
  const scratch = scratchDir('iot-csv-chunks-');
  try {
    const rows = sampleRows(300);
    const file = join(scratch.dir, 'sensor_data_20260101_100000.csv');
    writeFileSync(file, `${csvHeader}\n${rows.join('\n')}\n`);
    const expected = records(rows.join('\n') + '\n').map((row) => row.map((value) => (value === '' ? null : value)));
    for (const bytesPerChunk of [64, 100, 257, 1024, 1 << 20]) {
      const read: unknown[][] = [];
      let line = 2;
      for (const chunk of readingChunks(file, csvHeader.length + 1, bytesPerChunk)) {
        assert.is(chunk.firstLine, line, `chunks of ${bytesPerChunk}: first line`);
        const frameRows = chunk.frame.rows().map((row) => row.slice(0, 4));
        read.push(...frameRows);
        line += frameRows.reduce((lines: number, row) => lines + 1 + String(row[3] ?? '').split('\n').length - 1, 0);
      }
      assert.equal(read, expected, `chunks of ${bytesPerChunk} bytes`);
    }
  } finally {
    scratch.cleanup();
  }
});

test.run();
