import { databaseUnusable } from '../db';
import { Logger } from '../log';
import { EtlConnection } from './connection';
import { describeError, LoadedContent, loadedContent, logMessage } from './etlLog';

export interface PreparedDatabase {
  /** What SUCCESS rows say was loaded: the files still to load follow from it. */
  loaded: LoadedContent;
  /** Set when this step failed once: each job of this run then ends FAILED with it, nothing loaded. */
  failedBefore?: string;
}

/**
 * The schema migration and the read of what is loaded, before any job. A
 * failure here is still a failure of this run's jobs: on a new connection
 * the schema is put in place so their FAILED rows can be written. A database
 * that no longer answers, or still fails, is DB_CONNECT_FAILED naming it.
 */
export async function prepareDatabase(connection: EtlConnection, logger: Logger): Promise<PreparedDatabase> {
  try {
    return { loaded: await migrateAndRead(connection, logger) };
  } catch (first) {
    const address = connection.db.address;
    const reason = describeError(first);
    logger.warn('etl.schema.reconnecting', { database: address, reason: logMessage(reason) });
    const db = await connection.reconnect();
    try {
      const loaded = await migrateAndRead(connection, logger);
      return { loaded, failedBefore: `the schema migration on ${address} failed: ${reason}. Nothing was loaded; run \`iot etl\` again` };
    } catch (again) {
      const second = describeError(again);
      const onNew = second === reason ? 'the same again on a new connection' : `on a new connection: ${second}`;
      throw databaseUnusable(db.engine, db.address, `the schema migration failed twice: ${reason}; ${onNew}`, again);
    }
  }
}

async function migrateAndRead(connection: EtlConnection, logger: Logger): Promise<LoadedContent> {
  const { db } = connection;
  const applied = await db.migrate();
  if (applied > 0) logger.info('etl.schema.migrated', { database: db.address, migrations: applied });
  return loadedContent(db, db.engine);
}
