import { SkippedTest } from './skipMarker';

/** What one spec file's process reported. */
export interface SpecResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  skips: SkippedTest[];
  code: number | null;
}

/**
 * uvu ends with "Total: N / Passed: N / Skipped: N", where Total counts the
 * tests that ran (not the skipped ones); a crashed spec file counts as one failure.
 */
export function countUvu(output: string, code: number | null): { passed: number; failed: number; skipped: number } {
  const number = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1] ?? NaN);
  const total = number('Total');
  const passed = number('Passed');
  const skipped = number('Skipped') || 0;
  if (Number.isNaN(total) || Number.isNaN(passed)) return { passed: 0, failed: 1, skipped: 0 };
  const failed = total - passed + (code !== 0 && total === passed ? 1 : 0);
  return { passed, failed, skipped };
}

/** The end of a test run: the skip reasons, the failed files, then `N passed, N failed, N skipped` as the last line. */
export function runReport(results: SpecResult[]): string[] {
  const sum = (key: 'passed' | 'failed' | 'skipped') => results.reduce((total, result) => total + result[key], 0);
  return [
    ...skipSummary(results),
    ...results.filter((result) => result.failed > 0).map((result) => `✗ ${result.file}: ${result.failed} failed (exit ${result.code})`),
    ...(results.length === 0 ? ['no spec files found'] : []),
    '',
    `${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`,
  ];
}

/**
 * One line per reason, however many spec files share it (the SQL Server
 * contract suite skips in every file when MSSQL_URL is unset): the count, the
 * reason, and the file when only one file has it. A skip uvu counted without
 * a `skipTest` marker is reported as having no reason.
 */
function skipSummary(results: SpecResult[]): string[] {
  const byReason = new Map<string, { tests: number; files: Set<string> }>();
  const add = (reason: string, file: string, tests: number) => {
    const entry = byReason.get(reason) ?? { tests: 0, files: new Set<string>() };
    entry.tests += tests;
    entry.files.add(file);
    byReason.set(reason, entry);
  };
  for (const result of results) {
    for (const skip of result.skips) add(skip.reason, result.file, 1);
    const unexplained = result.skipped - result.skips.length;
    if (unexplained > 0) add('no reason given (test.skip without skipTest)', result.file, unexplained);
  }
  if (byReason.size === 0) return [];
  return ['', 'skipped:', ...[...byReason].map(([reason, { tests, files }]) => {
    const where = files.size === 1 ? [...files][0] : `${files.size} spec files`;
    return `  ⊘ ${tests} × ${reason} (${where})`;
  })];
}
