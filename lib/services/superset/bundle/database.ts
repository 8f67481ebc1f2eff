import { assetUuid, bundleFormatVersion } from './ids';

export const warehouseDatabaseName = 'IoT Pipeline warehouse';
export const warehouseDatabaseUuid = assetUuid('database', warehouseDatabaseName);

/**
 * The pipeline's database as Superset registers it. The committed bundle keeps
 * a placeholder URI; the bootstrap writes the real one (from DATABASE_URL) into
 * the zip it imports, so no credentials are ever committed.
 */
export function databaseAsset(sqlalchemyUri: string): Record<string, unknown> {
  return {
    database_name: warehouseDatabaseName,
    sqlalchemy_uri: sqlalchemyUri,
    cache_timeout: null,
    expose_in_sqllab: true,
    allow_run_async: false,
    allow_ctas: false,
    allow_cvas: false,
    allow_dml: false,
    allow_file_upload: false,
    extra: { allows_virtual_table_explore: true },
    uuid: warehouseDatabaseUuid,
    version: bundleFormatVersion,
  };
}

export const placeholderSqlalchemyUri = 'sqlite:///data/warehouse.db';
