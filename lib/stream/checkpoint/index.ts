export { Checkpoint } from './checkpoint';
export type { RecoveryState } from './checkpoint';
export { MetadataLog } from './metadataLog';
export { AtomicFileWriter, writeFileAtomic, publishFile, removeTempFiles, fsyncDir, tempNameFor } from './atomicFile';
export type { PartitionOffsets, OffsetsEntry, CommitEntry, SinkEntry, SinkFile, CheckpointMetadata } from './entries';
export { checkpointResetHint } from './resetHint';
