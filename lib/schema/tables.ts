import { ColumnKind, readingColumns } from './reading';

/** Column types beyond a reading's, for the tables the ETL owns. */
export type SqlKind = ColumnKind | 'identity' | 'bigint' | 'text' | 'longtext';

export interface TableColumn {
  name: string;
  kind: SqlKind;
  nullable: boolean;
  /** For text columns: the longest value accepted. */
  length?: number;
  description: string;
  /**
   * The schema version (lib/db's migrations) that added the column; absent:
   * there from version 1. A column added later is nullable: rows loaded
   * before it have no value.
   */
  since?: number;
}

export interface TableIndex {
  name: string;
  columns: readonly string[];
  /** A unique index: the load relies on it (one row per key). */
  unique?: boolean;
  /** The schema version that added the index; absent: version 1. */
  since?: number;
}

export interface TableSpec {
  name: string;
  description: string;
  columns: readonly TableColumn[];
  indexes: readonly TableIndex[];
}

/** The schema version of the file-identity columns below (ETL_Log and sensor_data know a file by its SHA-256). */
export const contentIdentityVersion = 2;

const sha256Column = (description: string): TableColumn => ({
  name: 'source_sha256', kind: 'text', length: 64, nullable: true, since: contentIdentityVersion, description,
});

/**
 * `sensor_data`: the reading's columns, plus the archived file each row came
 * from, by name and by content (SHA-256), so a reload (`iot etl --force`)
 * replaces exactly the rows of that content, whatever the file is called.
 */
export const sensorDataTable: TableSpec = {
  name: 'sensor_data',
  description: 'Validated sensor readings loaded by the ETL',
  columns: [
    ...readingColumns.map((column) => ({ name: column.name, kind: column.kind, nullable: false, description: column.description })),
    { name: 'source_file', kind: 'text', length: 255, nullable: false, description: 'Archived CSV the row was loaded from' },
    sha256Column('SHA-256 of the archived CSV the row was loaded from (hex); null for rows loaded before schema version 2'),
  ],
  indexes: [
    { name: 'ix_sensor_data_timestamp', columns: ['timestamp'] },
    { name: 'ix_sensor_data_sensor_id', columns: ['sensor_id'] },
    { name: 'ix_sensor_data_source_file', columns: ['source_file'] },
  ],
};

export const etlJobStatuses = ['SUCCESS', 'FAILED', 'SKIPPED'] as const;
export type EtlJobStatus = (typeof etlJobStatuses)[number];

/** `ETL_Log`: one audit row per ETL job, failed jobs included. */
export const etlLogTable: TableSpec = {
  name: 'ETL_Log',
  description: 'One row per ETL job: what ran, when, how it ended',
  columns: [
    { name: 'id', kind: 'identity', nullable: false, description: 'Job id' },
    { name: 'job_name', kind: 'text', length: 100, nullable: false, description: 'Job name, e.g. etl_sensor_data' },
    { name: 'start_time', kind: 'timestamp', nullable: false, description: 'When the job started' },
    { name: 'end_time', kind: 'timestamp', nullable: true, description: 'When the job ended' },
    { name: 'status', kind: 'text', length: 10, nullable: false, description: etlJobStatuses.join(' | ') },
    { name: 'records_processed', kind: 'integer', nullable: false, description: 'Rows loaded into sensor_data' },
    { name: 'records_rejected', kind: 'integer', nullable: false, description: 'Rows that failed validation' },
    { name: 'source_file', kind: 'text', length: 255, nullable: true, description: 'Archived CSV the job read (its name)' },
    { name: 'error_message', kind: 'longtext', nullable: true, description: 'Why the job failed (validation report or load error), at most 4,000 characters' },
    { name: 'duration_seconds', kind: 'decimal', nullable: true, description: 'end_time - start_time, stored so dashboards need no dialect-specific date math' },
    sha256Column('SHA-256 of the file the job read (hex): the file\'s identity; SKIPPED means this content was loaded'),
    { name: 'source_bytes', kind: 'bigint', nullable: true, since: contentIdentityVersion, description: 'Size of the file the job read, in bytes' },
  ],
  indexes: [
    { name: 'ix_etl_log_start_time', columns: ['start_time'] },
    { name: 'ix_etl_log_source_sha256', columns: ['source_sha256'], since: contentIdentityVersion },
  ],
};

export const pipelineTables: readonly TableSpec[] = [sensorDataTable, etlLogTable];

/** `schema_migrations`: which of lib/db's migrations this database has; created first, under the migration lock. */
export const migrationTable: TableSpec = {
  name: 'schema_migrations',
  description: 'Schema versions applied to this database',
  columns: [
    { name: 'version', kind: 'integer', nullable: false, description: 'Migration version' },
    { name: 'description', kind: 'text', length: 255, nullable: false, description: 'What it changed' },
    { name: 'applied_at', kind: 'timestamp', nullable: false, description: 'When it was applied' },
  ],
  indexes: [],
};
