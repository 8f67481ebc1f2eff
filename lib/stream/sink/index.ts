export { BatchWriter, clearEarlierAttempt } from './batchWriter';
export type { SinkPaths } from './batchWriter';
export { parseRecord } from './recordParser';
export { CsvPartWriter } from './csvPartWriter';
export { ParquetPartWriter } from './parquetPartWriter';
export { QuarantineWriter } from './quarantineWriter';
export type { QuarantinedRecord } from './quarantineWriter';
export { batchFileId, partFileName } from './partName';
export type { PartWriter, WrittenFile } from './partWriter';
