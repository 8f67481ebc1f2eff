import sql from 'mssql';
import { DatabaseUrl } from '../config/databaseUrl';
import { Logger } from '../log';
import { formatTimestamp, quoteIdentifier, SqlKind, TableSpec } from '../schema';
import { connectError, connectTimeoutMs } from './connectError';
import { withinTimeout } from '../process';
import { BulkRows, Database, Row, SqlValue, Transaction } from './database';
import { applyMigrations } from './migrate';
import { mssqlConfig } from './mssqlUrl';
import { numberedPlaceholders } from './placeholders';

/** SQL Server and Azure SQL through the mssql driver (tedious); bulk loads use its `Table` bulk copy. */
export async function connectMssql(url: DatabaseUrl, logger: Logger): Promise<Database> {
  const config = mssqlConfig(url.url);
  const address = `${config.server}:${config.port}/${config.database ?? ''}${config.options?.encrypt ? ' (encrypted)' : ''}`;
  const pool = new sql.ConnectionPool(config);
  pool.on('error', (error: Error) => logger.warn('mssql.connection.error', { address, error: error.message }));
  try {
    await withinTimeout(pool.connect(), connectTimeoutMs + 1_000, `SQL Server at ${address}`);
  } catch (error) {
    void pool.close().catch(() => undefined);
    throw connectError('mssql', address, error);
  }
  const queryOn = (request: () => sql.Request) => async <T extends Row = Row>(text: string, params: readonly SqlValue[] = []) => {
    const req = request();
    params.forEach((value, index) => req.input(`p${index + 1}`, value));
    const result = await req.query(numberedPlaceholders(text, '@p'));
    return (result.recordset ?? []) as unknown as T[];
  };
  const database: Database = {
    engine: 'mssql',
    address,
    query: queryOn(() => pool.request()),
    migrate: () => applyMigrations(database, () => formatTimestamp(new Date())),
    async transaction(work) {
      const transaction = new sql.Transaction(pool);
      await transaction.begin();
      const tx: Transaction = {
        query: queryOn(() => new sql.Request(transaction)),
        bulkInsert: (table, rows) => bulkLoad(new sql.Request(transaction), table, rows),
        lock: async (key) => {
          await new sql.Request(transaction).input('key', sql.NVarChar(255), key.slice(0, 255))
            .query("EXEC sp_getapplock @Resource = @key, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 600000");
        },
      };
      try {
        const result = await work(tx);
        await transaction.commit();
        return result;
      } catch (error) {
        await transaction.rollback().catch(() => undefined);
        throw error;
      }
    },
    close: () => pool.close().catch(() => undefined),
  };
  return database;
}

const bulkTypes: Record<SqlKind, (length?: number) => sql.ISqlType | (() => sql.ISqlType)> = {
  identity: () => sql.BigInt,
  integer: () => sql.Int,
  bigint: () => sql.BigInt,
  decimal: () => sql.Float,
  timestamp: () => sql.DateTime2(0),
  text: (length) => sql.NVarChar(length ?? 255),
  longtext: () => sql.NVarChar(sql.MAX),
};

async function bulkLoad(request: sql.Request, spec: TableSpec, rows: BulkRows): Promise<number> {
  const table = new sql.Table(quoteIdentifier('mssql', spec.name));
  table.create = false;
  const kinds = rows.columns.map((name) => {
    const column = spec.columns.find((candidate) => candidate.name === name);
    if (!column) throw new Error(`${spec.name} has no column ${name}`);
    table.columns.add(name, bulkTypes[column.kind](column.length), { nullable: column.nullable });
    return column.kind;
  });
  const values = rows.values();
  for (let row = 0; row < rows.count; row++) {
    table.rows.add(...values.map((column, index) => (kinds[index] === 'timestamp' ? asUtcDate(column[row]) : column[row])));
  }
  const result = await request.bulk(table);
  return result.rowsAffected;
}

/** The schema's wall-clock timestamps stored as written: the driver runs with useUTC. */
function asUtcDate(value: SqlValue): SqlValue {
  if (typeof value !== 'string') return value;
  const [y, mo, d, h, mi, s] = value.split(/[- :]/).map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}
