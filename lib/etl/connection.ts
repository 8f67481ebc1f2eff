import { connectDatabase, Database } from '../db';
import { DatabaseUrl } from '../config/databaseUrl';
import { Logger } from '../log';

/**
 * The ETL's database connection, replaceable: when a load fails because the
 * connection died, the FAILED log row still has to be written, on a new one.
 */
export interface EtlConnection {
  db: Database;
  reconnect(): Promise<Database>;
  close(): Promise<void>;
}

export async function openEtlConnection(url: DatabaseUrl, logger: Logger): Promise<EtlConnection> {
  const connection: EtlConnection = {
    db: await connectDatabase(url, logger),
    async reconnect() {
      await connection.db.close().catch(() => undefined);
      connection.db = await connectDatabase(url, logger);
      return connection.db;
    },
    close: () => connection.db.close(),
  };
  return connection;
}
