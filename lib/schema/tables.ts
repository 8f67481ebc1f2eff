import { ColumnKind, readingColumns } from './reading';

/** Column types beyond a reading's, for the tables the ETL owns. */
export type SqlKind = ColumnKind | 'identity' | 'text' | 'longtext';

export interface TableColumn {
  name: string;
  kind: SqlKind;
  nullable: boolean;
  /** For text columns: the longest value accepted. */
  length?: number;
  description: string;
}

export interface TableSpec {
  name: string;
  description: string;
  columns: readonly TableColumn[];
  indexes: readonly { name: string; columns: readonly string[] }[];
}

/**
 * `sensor_data`: the reading's columns, plus the archived file each row came
 * from, so a reload (`iot etl --force`) can replace exactly that file's rows.
 */
export const sensorDataTable: TableSpec = {
  name: 'sensor_data',
  description: 'Validated sensor readings loaded by the ETL',
  columns: [
    ...readingColumns.map((column) => ({ name: column.name, kind: column.kind, nullable: false, description: column.description })),
    { name: 'source_file', kind: 'text', length: 255, nullable: false, description: 'Archived CSV the row was loaded from' },
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
    { name: 'source_file', kind: 'text', length: 255, nullable: true, description: 'Archived CSV the job read' },
    { name: 'error_message', kind: 'longtext', nullable: true, description: 'Why the job failed (validation report or load error)' },
    { name: 'duration_seconds', kind: 'decimal', nullable: true, description: 'end_time - start_time, stored so dashboards need no dialect-specific date math' },
  ],
  indexes: [{ name: 'ix_etl_log_start_time', columns: ['start_time'] }],
};

export const pipelineTables: readonly TableSpec[] = [sensorDataTable, etlLogTable];
