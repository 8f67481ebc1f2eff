import { EtlJobStatus } from '../schema';

/** What one ETL job did; the same facts as its ETL_Log row. */
export interface EtlJobResult {
  jobName: string;
  status: EtlJobStatus;
  recordsProcessed: number;
  recordsRejected: number;
  sourceFile: string;
  /** The file's identity (hex SHA-256), once it was read. */
  sourceSha256?: string;
  durationSeconds: number;
  errorMessage?: string;
  /** quarantine mode: the CSV holding the rejected rows with their reason. */
  rejectsFile?: string;
  /** The file read, as a path (sourceFile is its name, as recorded in ETL_Log). */
  path?: string;
}

export type OnInvalid = 'fail' | 'quarantine';
