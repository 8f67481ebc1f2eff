import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import pl from 'nodejs-polars';
import { csvText, readingColumnNames } from '../schema';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
 * first, OWASP's CSV-injection list) gets a leading `'`, which spreadsheets
 * show as text; plain numbers such as `-55` stay as they are, since they
 * cannot run anything.
 */
export function spreadsheetSafe(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return value;
  return `'${value}`;
}

/** `<archive>.rejects.csv`, filled chunk by chunk under a temporary name and given its name only when the job succeeded. */
export class RejectsFile {
  private readonly temp: string;
  private fd: number | undefined;
  rows = 0;

  constructor(readonly path: string) {
    this.temp = `${path}.tmp-${process.pid}`;
  }

  add(rejected: pl.DataFrame): void {
    if (rejected.height > 0) this.addRows(readingColumnNames, rejected.toRecords());
  }

  /** Rejected rows of any archive: `line`, its `columns`, `reason`. */
  addRows(columns: readonly string[], rows: Array<Record<string, unknown>>): void {
    if (rows.length === 0) return;
    const header = ['line', ...columns, 'reason'];
    if (this.fd === undefined) {
      this.fd = openSync(this.temp, 'w');
      writeSync(this.fd, header.join(',') + '\n');
    }
    const lines = rows.map((row) => header.map((name) => cell(row[name])).join(','));
    writeSync(this.fd, lines.join('\n') + '\n');
    this.rows += rows.length;
  }

  /** The file's path if any row was rejected. */
  finish(): string | undefined {
    if (this.fd === undefined) return undefined;
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temp, this.path);
    return this.path;
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.temp, { force: true });
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return csvText(spreadsheetSafe(String(value)));
}
