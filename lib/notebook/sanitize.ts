import { hostname, homedir, tmpdir } from 'node:os';
import { NotebookCell, NotebookJson } from './notebookJson';

/** One rewrite applied to every output text; plain strings are replaced everywhere. */
export interface Redaction {
  find: string | RegExp;
  replace: string;
}

export interface RunPlaces {
  repoRoot: string;
  dataDir: string;
  cacheDir: string;
  brokers: string[];
  /** Values that must never appear, whatever their context (the SASL password). */
  secrets?: (string | undefined)[];
}

/**
 * What must not reach a committed notebook: this run's folders become the
 * names a reader knows ($DATA_DIR, the repo as "."), the broker and the
 * machine's name become placeholders, and secrets are masked. Specific
 * places come first (longest first), the generic patterns catch the rest.
 */
export function outputRedactions(places: RunPlaces, host = hostname()): Redaction[] {
  const exact: Redaction[] = [
    { find: places.dataDir, replace: '$DATA_DIR' },
    { find: places.cacheDir, replace: '$IOT_CACHE_DIR' },
    { find: places.repoRoot, replace: '.' },
    { find: homedir(), replace: '~' },
    ...places.brokers.map((broker) => ({ find: broker, replace: '$KAFKA_BROKERS' })),
    ...(places.secrets ?? []).filter((secret): secret is string => Boolean(secret)).map((secret) => ({ find: secret, replace: '***' })),
  ].filter((redaction) => redaction.find.length > 1).sort((a, b) => b.find.length - a.find.length);
  return [
    ...exact,
    ...(host && host !== 'localhost' ? [{ find: new RegExp(`\\b${escapeRegExp(host)}\\b`, 'g'), replace: '<host>' }] : []),
    ...genericRedactions,
  ];
}

export const genericRedactions: Redaction[] = [
  // scheme://user:password@host → scheme://user:***@host
  { find: /([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]+):[^\s@"'<>]+@/gi, replace: '$1:***@' },
  // PASSWORD=..., "token": "...", secret: ...
  { find: /((?:password|passwd|secret|token|api[_-]?key)[A-Za-z_]*"?\s*[=:]\s*"?)[^\s"',<>&]+/gi, replace: '$1***' },
  // absolute paths left over (temporary folders, other checkouts); not closing tags like </td>
  { find: new RegExp(`${escapeRegExp(tmpdir())}/[^\\s"'<>),]+`, 'g'), replace: '<tmp>' },
  { find: /(?<![<\w.~$])\/(?:root|home|work|Users|var|private|opt|srv|mnt)\/[^\s"'<>),]*/g, replace: '<path>' },
];

export function redactText(text: string, redactions: readonly Redaction[]): string {
  return redactions.reduce(
    (current, { find, replace }) => (typeof find === 'string' ? current.split(find).join(replace) : current.replace(find, replace)),
    text,
  );
}

/** The notebook with every output text redacted and per-run cell metadata (timings) dropped. */
export function sanitizeNotebook(notebook: NotebookJson, redactions: readonly Redaction[]): NotebookJson {
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value, redactions);
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, clean(inner)]));
    return value;
  };
  const cells = notebook.cells.map((cell): NotebookCell => {
    if (cell.cell_type !== 'code') return cell;
    const { execution: _timings, ...metadata } = cell.metadata ?? {};
    return { ...cell, metadata, outputs: (cell.outputs ?? []).map((output) => clean(output) as Record<string, unknown>) };
  });
  return { ...notebook, cells };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
