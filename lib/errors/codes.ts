/**
 * Every error code a user can meet, in one closed list: a code is searched
 * for in logs and docs, so a typo must not compile. To add one, add it to the
 * group of its stage below (one line each); `ErrorCode` follows.
 */
const general = ['CONFIG_INVALID', 'USAGE', 'STATE_INVALID', 'DATA_INVALID', 'SERVICE_UNAVAILABLE', 'UNEXPECTED'] as const;

const storage = ['STORAGE_ENOSPC', 'STORAGE_EDQUOT', 'STORAGE_EROFS', 'STORAGE_EACCES', 'STORAGE_EPERM', 'STORAGE_ENOTDIR', 'STORAGE_EISDIR', 'STORAGE_ENOENT'] as const;

const kafka = [
  'KAFKA_UNREACHABLE', 'KAFKA_AUTH_FAILED', 'KAFKA_TLS_FAILED', 'KAFKA_FAILED', 'KAFKA_OUTAGE', 'KAFKA_NO_LEADER', 'KAFKA_NODES_CHANGED',
  'KAFKA_FETCH_FAILED', 'KAFKA_FETCH_STALLED', 'KAFKA_RECORDS_MISSING', 'KAFKA_DELIVERY_FAILED', 'KAFKA_TOPIC_UNAVAILABLE',
  'KAFKA_CLUSTER_INCOMPLETE', 'KAFKA_START_FAILED', 'KAFKA_JARS_UNAVAILABLE', 'JAVA_MISSING', 'GROUP_HAS_MEMBERS',
  'KAFKA_TOPIC_MISSING',
] as const;

const stream = [
  'CHECKPOINT_CORRUPT', 'CHECKPOINT_LOCKED', 'CHECKPOINT_OTHER_TOPIC', 'CHECKPOINT_AHEAD_OF_TOPIC', 'DATA_FOLDER_LOCKED',
  'CHECKPOINT_SECOND_WRITER', 'CHECKPOINT_GROUP_BEHIND', 'TOPIC_RECREATED', 'STREAM_HEAP_EXHAUSTED',
] as const;

const merge = ['MERGE_ROW_COUNT', 'MERGE_MANIFEST_MISMATCH', 'PART_HEADER_MISMATCH', 'PART_UNREADABLE', 'BACKUP_WRITE_FAILED', 'CLEANUP_FAILED'] as const;

const etl = ['ETL_NOT_A_CSV', 'ETL_FILE_MISSING', 'ETL_CSV_UNREADABLE', 'ETL_CSV_COLUMNS', 'DB_CONNECT_FAILED'] as const;

const cycle = ['CYCLE_DRAIN_TIMEOUT', 'CYCLE_CONSUMER_FAILED', 'CYCLE_ETL_UNEXPECTED'] as const;

const services = [
  'POSTGRES_MISSING', 'POSTGRES_START_FAILED', 'POSTGRES_USER_MISSING', 'POSTGRES_INSTALL_FAILED', 'POSTGRES_INIT_FAILED',
  'MSSQL_UNREACHABLE', 'MSSQL_START_FAILED', 'MSSQL_SA_PASSWORD_WEAK', 'MSSQL_SA_PASSWORD_MISSING', 'MSSQL_NEEDS_DOCKER',
  'SUPERSET_API_FAILED', 'SUPERSET_START_FAILED', 'SUPERSET_COMMAND_FAILED', 'VENV_FAILED',
  'TSLAB_MISSING', 'TSLAB_INSTALL_FAILED', 'JUPYTER_FAILED', 'NOTEBOOK_RUN_FAILED', 'NOTEBOOK_CELL_FAILED', 'DASHBOARD_PORT_UNAVAILABLE',
] as const;

export const errorCodes = [...general, ...storage, ...kafka, ...stream, ...merge, ...etl, ...cycle, ...services] as const;

/** The closed set of codes a PipelineError carries. */
export type ErrorCode = (typeof errorCodes)[number];

const known = new Set<string>(errorCodes);

/** Whether `code` (e.g. read back from a log or a child's output) is one of ours. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && known.has(code);
}
