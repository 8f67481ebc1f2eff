import { DatabaseEngine } from '../config/databaseUrl';
import { BulkRows, Queryable, SqlValue, Transaction } from '../db';
import { csvText, OutputKind, quoteIdentifier } from '../schema';
import { combineTouchedRows } from './combineOutputs';
import { OutputRow, validateOutputArchive } from './outputRows';

export interface OutputLoad {
  loaded: number;
  /** Alert events whose (alert_id, event) another archive loaded already: kept once, counted, not loaded again. */
  alreadyLoaded: number;
}

/**
 * Loads an archive of window rows or alert events inside the job's
 * transaction: as-archived rows into the kind's table (partials, events),
 * then the combined rows they touch rebuilt (combineOutputs.ts). With
 * --force, this content's rows go first, in the same transaction.
 */
export async function loadOutputRows(tx: Transaction, engine: DatabaseEngine, kind: OutputKind, rows: OutputRow[], source: { file: string; sha256: string }, force: boolean): Promise<OutputLoad> {
  const q = (name: string) => quoteIdentifier(engine, name);
  if (force) await tx.query(`DELETE FROM ${q(kind.table.name)} WHERE ${q('source_sha256')} = ?`, [source.sha256]);
  const fresh = kind.name === 'alerts' ? await withoutLoadedEvents(tx, engine, kind, rows) : rows;
  if (fresh.length > 0) await tx.bulkInsert(kind.table, outputBulkRows(kind, fresh, source));
  await combineTouchedRows(tx, engine, kind, source);
  return { loaded: fresh.length, alreadyLoaded: rows.length - fresh.length };
}

export { validateOutputArchive };

/** Ids per lookup: within every engine's bound-parameter limit. */
const idsPerLookup = 500;

/** A raise or clear loaded before (from another archive, e.g. of a replayed topic) is not loaded twice: one row per (alert_id, event). */
async function withoutLoadedEvents(tx: Queryable, engine: DatabaseEngine, kind: OutputKind, rows: OutputRow[]): Promise<OutputRow[]> {
  const q = (name: string) => quoteIdentifier(engine, name);
  const ids = [...new Set(rows.map((row) => row.cells.alert_id))];
  const loaded = new Set<string>();
  for (let start = 0; start < ids.length; start += idsPerLookup) {
    const slice = ids.slice(start, start + idsPerLookup);
    const found = await tx.query<{ alert_id: string; event: string }>(
      `SELECT ${q('alert_id')} AS alert_id, ${q('event')} AS event FROM ${q(kind.table.name)} WHERE ${q('alert_id')} IN (${slice.map(() => '?').join(', ')})`, slice);
    for (const row of found) loaded.add(`${row.alert_id}\u0000${row.event}`);
  }
  // A repeat inside the archive itself is kept once too.
  return rows.filter((row) => {
    const key = `${row.cells.alert_id}\u0000${row.cells.event}`;
    if (loaded.has(key)) return false;
    loaded.add(key);
    return true;
  });
}

function outputBulkRows(kind: OutputKind, rows: OutputRow[], source: { file: string; sha256: string }): BulkRows {
  const columns = [...kind.columns, 'source_file', 'source_sha256'];
  const tuples = rows.map((row): SqlValue[] => [...row.values, source.file, source.sha256]);
  return {
    columns,
    count: tuples.length,
    values: () => columns.map((_, column) => tuples.map((tuple) => tuple[column])),
    // PostgreSQL COPY (CSV): an empty unquoted field is NULL.
    csv: () => Buffer.from(tuples.map((tuple) => tuple.map((value) => (value === null ? '' : csvText(String(value)))).join(',')).join('\n') + '\n'),
  };
}
