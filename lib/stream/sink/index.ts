export { BatchWriter, clearEarlierAttempt, operatorFolders } from './batchWriter';
export type { SinkPaths } from './batchWriter';
export { CsvPartWriter } from './csvPartWriter';
export { QuarantineWriter } from './quarantineWriter';
export type { QuarantinedRecord } from './quarantineWriter';
export { batchFileId, partFileName } from './partName';
export type { PartWriter, WrittenFile } from './partWriter';
