import { redactSecrets } from '../errors/redact';
import { FieldValueError } from './field';

export type DatabaseEngine = 'sqlite' | 'postgres' | 'mssql';

export interface DatabaseUrl {
  engine: DatabaseEngine;
  /** The URL as configured; for sqlite, `sqlite:` followed by the file path. */
  url: string;
  /** sqlite only: the database file. */
  file?: string;
}

export const databaseUrlForms =
  'sqlite:PATH (embedded, e.g. sqlite:data/warehouse.db), ' +
  'postgres://USER:PASSWORD@HOST:PORT/DB, ' +
  'mssql://USER:PASSWORD@HOST:PORT/DB (SQL Server; add ?encrypt=true for Azure SQL), ' +
  'with any of : / ? # @ % in USER or PASSWORD percent-encoded (e.g. # as %23)';

/** Which engine a DATABASE_URL names; the engines' adapters read the rest. */
export function parseDatabaseUrl(raw: string): DatabaseUrl {
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(raw);
  if (sqlite) return { engine: 'sqlite', url: raw, file: sqlite[1] };
  if (/^postgres(ql)?:\/\/[^/]+/.test(raw) && isUrl(raw)) return { engine: 'postgres', url: raw };
  if (/^(mssql|sqlserver):\/\/[^/]+/.test(raw) && isUrl(raw)) return { engine: 'mssql', url: raw };
  throw new FieldValueError();
}

/** The drivers parse the URL with WHATWG URL rules: a `#` or `/` in a password must be percent-encoded. */
function isUrl(raw: string): boolean {
  try {
    return new URL(raw).hostname !== '';
  } catch {
    return false;
  }
}

/** The URL with its password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}
