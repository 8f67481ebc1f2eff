import { DatabaseEngine } from '../config/databaseUrl';
import { Queryable } from '../db';
import { OutputKind, quoteIdentifier, sensorAlertEventTable, sensorAlertTable, sensorWindowPartialTable, sensorWindowTable, windowColumns } from '../schema';

/**
 * Rebuilds the combined rows (sensor_window, sensor_alert) that one archive
 * touched, from every partial or event loaded so far, in plain SQL that
 * SQLite, PostgreSQL and SQL Server all run: delete the touched rows, insert
 * them again grouped by key. Loading, reloading (--force) and loading
 * archives in any order therefore all end in the same rows.
 */
export async function combineTouchedRows(tx: Queryable, engine: DatabaseEngine, kind: OutputKind, source: { file: string; sha256: string }): Promise<void> {
  const statements = kind.name === 'windows' ? windowStatements(engine) : alertStatements(engine);
  for (const { sql, params } of statements(source)) await tx.query(sql, params);
}

type Statements = (source: { file: string; sha256: string }) => Array<{ sql: string; params: Array<string | number> }>;

const windowKey = ['window_start', 'window_end', 'sensor_id'];

function windowStatements(engine: DatabaseEngine): Statements {
  const q = (name: string) => quoteIdentifier(engine, name);
  const partials = q(sensorWindowPartialTable.name);
  const combined = q(sensorWindowTable.name);
  const touched = (outer: string) => `EXISTS (SELECT 1 FROM ${partials} t WHERE t.${q('source_sha256')} = ? AND ${windowKey.map((c) => `t.${q(c)} = ${outer}.${q(c)}`).join(' AND ')})`;
  const aggregate: Record<string, string> = {
    readings: 'SUM(p.readings)',
    temperature_sum: 'SUM(p.temperature_sum)', humidity_sum: 'SUM(p.humidity_sum)',
    temperature_min: 'MIN(p.temperature_min)', humidity_min: 'MIN(p.humidity_min)',
    temperature_max: 'MAX(p.temperature_max)', humidity_max: 'MAX(p.humidity_max)',
    temperature_avg: 'SUM(p.temperature_sum) / SUM(p.readings)', humidity_avg: 'SUM(p.humidity_sum) / SUM(p.readings)',
    first_event: 'MIN(p.first_event)', last_event: 'MAX(p.last_event)',
  };
  const columns = [...windowColumns.map((column) => column.name), 'partials', 'source_file', 'source_sha256'];
  const select = columns.map((name) => {
    if (windowKey.includes(name)) return `p.${q(name)}`;
    if (name === 'partials') return 'COUNT(*)';
    if (name === 'source_file' || name === 'source_sha256') return '?';
    return aggregate[name].replace(/p\.(\w+)/g, (_, column: string) => `p.${q(column)}`);
  });
  return ({ file, sha256 }) => [
    { sql: `DELETE FROM ${combined} WHERE ${touched(combined)}`, params: [sha256] },
    {
      sql: `INSERT INTO ${combined} (${columns.map(q).join(', ')}) SELECT ${select.join(', ')} FROM ${partials} p WHERE ${touched('p')} GROUP BY ${windowKey.map((c) => `p.${q(c)}`).join(', ')}`,
      params: [file, sha256, sha256],
    },
  ];
}

function alertStatements(engine: DatabaseEngine): Statements {
  const q = (name: string) => quoteIdentifier(engine, name);
  const events = q(sensorAlertEventTable.name);
  const alerts = q(sensorAlertTable.name);
  const touched = `SELECT t.${q('alert_id')} FROM ${events} t WHERE t.${q('source_sha256')} = ?`;
  // The raise's value and detail; the clear's while only the clear is loaded.
  const fromRaise = (column: string) => `COALESCE(MAX(CASE WHEN e.${q('event')} = 'raised' THEN e.${q(column)} END), MAX(e.${q(column)}))`;
  const select = [
    `e.${q('alert_id')}`, `MIN(e.${q('sensor_id')})`, `MIN(e.${q('rule')})`, `MIN(e.${q('raised_at')})`, `MAX(e.${q('cleared_at')})`,
    fromRaise('value'), fromRaise('detail'), '?', '?',
  ];
  const columns = sensorAlertTable.columns.map((column) => q(column.name));
  return ({ file, sha256 }) => [
    { sql: `DELETE FROM ${alerts} WHERE ${q('alert_id')} IN (${touched})`, params: [sha256] },
    { sql: `INSERT INTO ${alerts} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${events} e WHERE e.${q('alert_id')} IN (${touched}) GROUP BY e.${q('alert_id')}`, params: [file, sha256, sha256] },
  ];
}
