import { CycleResult } from './runCycle';

const columns: Array<[header: string, value: (result: CycleResult) => string]> = [
  ['cycle', (r) => String(r.cycle)],
  ['produced', (r) => String(r.produced)],
  ['consumed', (r) => String(r.consumed)],
  ['quarantined', (r) => String(r.quarantined)],
  ['merged rows', (r) => String(r.mergedRows)],
  ['loaded rows', (r) => String(r.loadedRows)],
  ['rejected', (r) => String(r.rejectedRows)],
  ['windows', (r) => String(r.windowRows.loaded)],
  ['alert events', (r) => String(r.alertEvents.loaded)],
  ['ETL', (r) => r.etlStatus],
  ['run s', (r) => r.seconds.run.toFixed(1)],
  ['drain s', (r) => r.seconds.drain.toFixed(1)],
  ['merge s', (r) => r.seconds.merge.toFixed(2)],
  ['etl s', (r) => r.seconds.etl.toFixed(2)],
  ['total s', (r) => r.seconds.total.toFixed(1)],
];

/** The cycle summary as an aligned text table, one row per cycle (plus a total row for several). */
export function summaryTable(results: CycleResult[]): string {
  const rows = results.map((result) => columns.map(([, value]) => value(result)));
  if (results.length > 1) rows.push(columns.map(([header], index) => (index === 0 ? 'total' : totalCell(header, index, rows))));
  const headers = columns.map(([header]) => header);
  const widths = headers.map((header, index) => Math.max(header.length, ...rows.map((row) => row[index].length)));
  const line = (cells: string[]) => cells.map((cell, index) => (index === 0 || headers[index] === 'ETL' ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function totalCell(header: string, index: number, rows: string[][]): string {
  if (header === 'ETL') return '';
  const sum = rows.reduce((total, row) => total + Number(row[index]), 0);
  return header.endsWith(' s') ? sum.toFixed(header === 'merge s' || header === 'etl s' ? 2 : 1) : String(sum);
}
