// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pl from 'nodejs-polars';
import { checkRules, csvHeader } from '../schema';
import { validateReadings } from './validate';

/** Text rows as they appear in a CSV; the polars rules must judge each one as lib/schema's checkRules does. */
const samples: string[][] = [
  ['1', '21.5', '40', '2026-01-01 00:00:00'],
  ['2147483647', '-40', '0', '2024-02-29 23:59:59'],
  ['3', '85', '100', '2026-12-31 12:30:45'],
  ['', '21.5', '40', '2026-01-01 00:00:00'],
  ['4', '21.5', '', '2026-01-01 00:00:00'],
  ['5', '21.5', '40', ''],
  ['0', '21.5', '40', '2026-01-01 00:00:00'],
  ['-3', '21.5', '40', '2026-01-01 00:00:00'],
  ['2.5', '21.5', '40', '2026-01-01 00:00:00'],
  ['2147483648', '21.5', '40', '2026-01-01 00:00:00'],
  ['6', '-40.01', '40', '2026-01-01 00:00:00'],
  ['7', '85.01', '40', '2026-01-01 00:00:00'],
  ['8', 'warm', '40', '2026-01-01 00:00:00'],
  ['9', 'NaN', '40', '2026-01-01 00:00:00'],
  ['10', '21.5', '-0.1', '2026-01-01 00:00:00'],
  ['11', '21.5', '100.1', '2026-01-01 00:00:00'],
  ['12', '21.5', '40', '2025-02-29 10:00:00'],
  ['13', '21.5', '40', '2026-13-01 10:00:00'],
  ['14', '21.5', '40', '2026-01-01 24:00:00'],
  ['15', '21.5', '40', '2026-01-01 10:60:00'],
  ['16', '21.5', '40', '2026-01-01 10:00:60'],
  ['17', '21.5', '40', '2026-01-01T10:00:00'],
  ['18', '21.5', '40', '2026-01-01 10:00'],
  ['19', '21.5', '40', '26-01-01 10:00:00'],
  ['20', '200', '-5', '2026-02-30 10:00:00'],
  [' ', '21.5', '40', '2026-01-01 00:00:00'],
  ['21', '  ', '40', '2026-01-01 00:00:00'],
  ['0119', '21.5', '40', '2026-01-01 00:00:00'],
  ['+119', '21.5', '40', '2026-01-01 00:00:00'],
  ['119.0', '21.5', '40', '2026-01-01 00:00:00'],
  ['22', '', '200', '2026-02-30 10:00:00'],
  ['23', 'nan', 'inf', '2026-01-01 00:00:00'],
];

/** checkRules takes typed values, as the consumer's JSON gives them; numbers parse as JSON would (0119, +119, NaN are no JSON numbers). */
function typed(row: string[]): Record<string, unknown> {
  const number = (text: string) => (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text) && !/\.0+$/.test(text) ? Number(text) : text);
  return { sensor_id: number(row[0]), temperature: number(row[1]), humidity: number(row[2]), timestamp: row[3] };
}

test('each row breaks exactly the rules lib/schema checkRules names for it', () => {
  const csv = [csvHeader, ...samples.map((row) => row.join(','))].join('\n') + '\n';
  const frame = pl.readCSV(csv, { inferSchemaLength: 0 });
  const validation = validateReadings(frame);
  const reasons = new Map<number, string>();
  for (const row of validation.rejected.toRecords()) reasons.set(Number(row.line), String(row.reason));
  samples.forEach((row, index) => {
    const expected = [...new Set(checkRules(typed(row)).map((violation) => violation.rule))].join(';');
    assert.is(reasons.get(index + 2) ?? '', expected, `line ${index + 2}: ${row.join(',')}`);
  });
  assert.is(validation.valid.height, 3);
  assert.is(validation.rejectedRows, samples.length - 3, 'rows, each counted once');
  assert.is(validation.total, samples.length);
});

test('the report counts each rule and quotes its first rows by line', () => {
  const csv = [csvHeader, ...samples.map((row) => row.join(','))].join('\n') + '\n';
  const { report } = validateReadings(pl.readCSV(csv, { inferSchemaLength: 0 }));
  const temperature = report.find((entry) => entry.rule === 'temperature_out_of_range')!;
  assert.is(temperature.count, 3);
  assert.equal(temperature.examples.map((example) => example.line), [12, 13, 26]);
  assert.equal(temperature.examples.map((example) => example.value), ['"-40.01"', '"85.01"', '"200"']);
  const notANumber = report.find((entry) => entry.rule === 'temperature_not_a_number')!;
  assert.equal(notANumber.examples.map((example) => example.value), ['"warm"', '"NaN"', '"nan"']);
  const blank = validateReadings(pl.readCSV(`${csvHeader}\n ,21.5,,2026-01-01 00:00:00\n`, { inferSchemaLength: 0 })).report;
  assert.equal(blank.map((entry) => [entry.rule, entry.examples[0].value]), [['missing_value', 'sensor_id blank (" "), humidity empty']]);
});

test('a header-only file is valid and empty', () => {
  const validation = validateReadings(pl.readCSV(`${csvHeader}\n`, { inferSchemaLength: 0 }));
  assert.equal([validation.total, validation.valid.height, validation.rejected.height, validation.report], [0, 0, 0, []]);
});

test.run();
