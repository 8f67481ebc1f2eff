import { csvHeader } from './csv';
import { sensorAlertEventTable, sensorWindowPartialTable } from './outputTables';
import { readingColumnNames } from './reading';
import { alertEventColumns, windowColumns } from './streamOutputs';
import { sensorDataTable, TableSpec } from './tables';

/**
 * What the stream writes, kind by kind, declared once: where its part files
 * live under output/, how the sink log names them, what `iot merge` calls
 * their archive, and which table and ETL job load it. The merge and the ETL
 * loop over these instead of knowing readings, windows and alerts apart.
 */
export interface OutputKind {
  name: 'readings' | 'windows' | 'alerts';
  /** SinkFile.kind of its part files in the checkpoint's sink log. */
  sinkKind: 'part' | 'window' | 'alert';
  /** Subfolder of output/ holding its part files ('' : output/ itself). */
  folder: string;
  /** Archive name prefix: `<prefix>_YYYYMMDD_HHmmss.csv`, one timestamp per merge for every kind. */
  archivePrefix: string;
  columns: readonly string[];
  header: string;
  /** Columns the archive is sorted by (sensor_id as a number), then part order. */
  sortBy: readonly string[];
  /** Where the ETL loads the archive's rows, and the ETL_Log job_name of that load. */
  table: TableSpec;
  jobName: string;
}

const names = (columns: ReadonlyArray<{ name: string }>) => columns.map((column) => column.name);

export const readingsOutput: OutputKind = {
  name: 'readings', sinkKind: 'part', folder: '', archivePrefix: 'sensor_data', columns: readingColumnNames, header: csvHeader,
  sortBy: ['timestamp', 'sensor_id'], table: sensorDataTable, jobName: 'etl_sensor_data',
};

export const windowsOutput: OutputKind = {
  name: 'windows', sinkKind: 'window', folder: 'windows', archivePrefix: 'sensor_windows', columns: names(windowColumns), header: names(windowColumns).join(','),
  sortBy: ['window_start', 'window_end', 'sensor_id'], table: sensorWindowPartialTable, jobName: 'etl_sensor_window',
};

export const alertsOutput: OutputKind = {
  name: 'alerts', sinkKind: 'alert', folder: 'alerts', archivePrefix: 'sensor_alerts', columns: names(alertEventColumns), header: names(alertEventColumns).join(','),
  sortBy: ['raised_at', 'sensor_id', 'alert_id', 'event'], table: sensorAlertEventTable, jobName: 'etl_sensor_alert',
};

/** Readings first: their archive's name is the merge's commit point, and the ETL loads them first. */
export const outputKinds: readonly OutputKind[] = [readingsOutput, windowsOutput, alertsOutput];

/** The kind whose part files the sink log marks with `sinkKind`; undefined for quarantine files. */
export function outputKindOfSink(sinkKind: string): OutputKind | undefined {
  return outputKinds.find((kind) => kind.sinkKind === sinkKind);
}

/** The kind an archive belongs to, by its name (`sensor_windows_20261202_120000.csv` → windows). */
export function outputKindOfArchive(fileName: string): OutputKind | undefined {
  return outputKinds.find((kind) => new RegExp(`^${kind.archivePrefix}_\\d{8}_\\d{6}\\.csv$`).test(fileName));
}
