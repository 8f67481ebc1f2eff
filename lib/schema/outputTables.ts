import { alertEventColumns, windowColumns } from './streamOutputs';
import { TableColumn, TableSpec } from './tables';

/** The schema version that added the stream's window and alert tables. */
export const streamOutputsVersion = 3;

const sourceColumns = (what: string): TableColumn[] => [
  { name: 'source_file', kind: 'text', length: 255, nullable: false, description: `Archived CSV ${what} (its name)` },
  { name: 'source_sha256', kind: 'text', length: 64, nullable: false, description: `SHA-256 of that archive (hex)` },
];

const windowKey = ['window_start', 'window_end', 'sensor_id'];

/**
 * `sensor_window_partial`: every window row as archived, one per archive it
 * came from. Two partials of one (window, sensor) (a window the stream
 * emitted at a drain, then completed in the next cycle) are both kept, so
 * `sensor_window` is recomputed exactly and `iot etl --force` can take one
 * archive's share out again.
 */
export const sensorWindowPartialTable: TableSpec = {
  name: 'sensor_window_partial',
  description: 'Window rows as archived, one per archive; sensor_window combines them',
  columns: [...windowColumns, ...sourceColumns('the partial was loaded from')],
  indexes: [
    { name: 'ix_sensor_window_partial_key', columns: windowKey },
    { name: 'ix_sensor_window_partial_source', columns: ['source_sha256'] },
  ],
};

/** `sensor_window`: one row per (window, sensor), its partials combined (sums and counts add, min/max combine, avg = sum / readings). */
export const sensorWindowTable: TableSpec = {
  name: 'sensor_window',
  description: 'Per-sensor event-time windows: readings, min / avg / max temperature and humidity',
  columns: [
    ...windowColumns,
    { name: 'partials', kind: 'integer', nullable: false, description: 'Partials combined into this row (1 when the stream emitted the window whole)' },
    ...sourceColumns('of the newest partial'),
  ],
  indexes: [
    { name: 'ux_sensor_window_key', columns: windowKey, unique: true },
    { name: 'ix_sensor_window_sensor_id', columns: ['sensor_id'] },
  ],
};

/** `sensor_alert_event`: every raise and clear as archived; one of each per alert. */
export const sensorAlertEventTable: TableSpec = {
  name: 'sensor_alert_event',
  description: 'Alert raises and clears as archived; sensor_alert combines them',
  columns: [...alertEventColumns, ...sourceColumns('the event was loaded from')],
  indexes: [
    { name: 'ux_sensor_alert_event', columns: ['alert_id', 'event'], unique: true },
    { name: 'ix_sensor_alert_event_source', columns: ['source_sha256'] },
  ],
};

const alertColumn = (name: string): TableColumn => alertEventColumns.find((column) => column.name === name)!;

/**
 * `sensor_alert`: one row per alert, whatever order its raise and clear were
 * loaded in; `cleared_at` empty while it is open. `value` and `detail` are the
 * raise's (the clear's until the raise is loaded).
 */
export const sensorAlertTable: TableSpec = {
  name: 'sensor_alert',
  description: 'One row per alert: sensor, rule, raised_at, cleared_at (empty while open), value, detail',
  columns: [
    ...['alert_id', 'sensor_id', 'rule', 'raised_at', 'cleared_at', 'value', 'detail'].map(alertColumn),
    ...sourceColumns('of the newest event'),
  ],
  indexes: [
    { name: 'ux_sensor_alert_id', columns: ['alert_id'], unique: true },
    { name: 'ix_sensor_alert_raised_at', columns: ['raised_at'] },
  ],
};

export const streamOutputTables: readonly TableSpec[] = [sensorWindowPartialTable, sensorWindowTable, sensorAlertEventTable, sensorAlertTable];
