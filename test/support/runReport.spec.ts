// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countUvu, runReport, SpecResult } from './runReport';
import { parseSkips, skipLine } from './skipMarker';

const uvuEnd = (total: number, passed: number, skipped: number) => `\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  1ms\n`;

test("uvu's Total excludes skips: 2 run, 2 passed, 1 skipped is no failure; a crash or a failing exit is one", () => {
  assert.equal(countUvu(uvuEnd(2, 2, 1), 0), { passed: 2, failed: 0, skipped: 1 });
  assert.equal(countUvu(uvuEnd(3, 1, 0), 1), { passed: 1, failed: 2, skipped: 0 });
  assert.equal(countUvu(uvuEnd(1, 1, 0), 1), { passed: 1, failed: 1, skipped: 0 }, 'all passed but the process failed (an after hook threw)');
  assert.equal(countUvu('TypeError: boom', 1), { passed: 0, failed: 1, skipped: 0 });
});

test('skip markers round-trip with their reason and title, tabs and newlines flattened', () => {
  const output = `• \n${skipLine({ reason: 'MSSQL_URL is not set', title: 'mssql: loads\tonce' })}\n  Total: 1\n`;
  assert.equal(parseSkips(output), [{ reason: 'MSSQL_URL is not set', title: 'mssql: loads once' }]);
});

test('one summary line per reason across files, unexplained skips named, and the counts as the last line', () => {
  const mssql = { reason: 'MSSQL_URL is not set', title: 't' };
  const results: SpecResult[] = [
    { file: 'a.spec.js', passed: 2, failed: 0, skipped: 1, skips: [mssql], code: 0 },
    { file: 'b.spec.js', passed: 1, failed: 0, skipped: 1, skips: [mssql], code: 0 },
    { file: 'c.spec.js', passed: 0, failed: 1, skipped: 1, skips: [], code: 1 },
  ];
  const lines = runReport(results);
  assert.equal(lines.filter((line) => line.includes('⊘')), [
    '  ⊘ 2 × MSSQL_URL is not set (2 spec files)',
    '  ⊘ 1 × no reason given (test.skip without skipTest) (c.spec.js)',
  ]);
  assert.ok(lines.includes('✗ c.spec.js: 1 failed (exit 1)'));
  assert.is(lines[lines.length - 1], '3 passed, 1 failed, 3 skipped');
  assert.is(runReport([{ file: 'd.spec.js', passed: 4, failed: 0, skipped: 0, skips: [], code: 0 }]).at(-1), '4 passed, 0 failed, 0 skipped');
});

test.run();
