import { escapeMarkup, formatNumber } from './escape';

export interface HtmlTableOptions {
  /** Columns in order; default: every key in order of first appearance. */
  columns?: string[];
  caption?: string;
  /** Rows shown; the rest are counted in a footer line. */
  maxRows?: number;
}

const cellStyle = 'padding:2px 8px;border-bottom:1px solid #ddd';

/** An HTML table of plain objects (interfaces too, hence `object`); all text escaped, numbers right-aligned. */
export function htmlTable(rows: readonly object[], options: HtmlTableOptions = {}): string {
  const columns = options.columns ?? columnsOf(rows);
  const shown = rows.slice(0, options.maxRows ?? rows.length);
  const caption = options.caption ? `<caption style="text-align:left;font-weight:bold;white-space:nowrap">${escapeMarkup(options.caption)}</caption>` : '';
  if (rows.length === 0) return `<table>${caption}<tbody><tr><td style="${cellStyle}"><em>no rows</em></td></tr></tbody></table>`;
  const head = `<thead><tr>${columns.map((column) => `<th style="${cellStyle};text-align:left">${escapeMarkup(column)}</th>`).join('')}</tr></thead>`;
  const body = shown.map((row) => `<tr>${columns.map((column) => tableCell((row as Record<string, unknown>)[column])).join('')}</tr>`).join('');
  const more = rows.length - shown.length;
  const footer = more > 0 ? `<tfoot><tr><td colspan="${columns.length}" style="${cellStyle}"><em>… ${formatNumber(more)} more rows</em></td></tr></tfoot>` : '';
  return `<table style="border-collapse:collapse;font-family:monospace;font-size:12px">${caption}${head}<tbody>${body}</tbody>${footer}</table>`;
}

function columnsOf(rows: readonly object[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

function tableCell(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return `<td style="${cellStyle};text-align:right">${escapeMarkup(typeof value === 'number' ? formatNumber(value, 3) : value)}</td>`;
  }
  return `<td style="${cellStyle};text-align:left">${escapeMarkup(cellText(value))}</td>`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
