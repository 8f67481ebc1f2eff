/**
 * The streaming consumer: Kafka → micro-batches → CSV/Parquet part files in
 * DATA_DIR/output, refused records in DATA_DIR/quarantine, exactly once across
 * crashes through a Spark-style checkpoint in DATA_DIR/checkpoint.
 */
export { runStream, defaultMaxOutageSeconds } from './engine/runStream';
export { boundHeapGrowth } from './engine/heapGrowth';
export type { StreamOptions, StreamSummary } from './engine/options';
export type { BatchProgress } from './engine/progress';
export { Checkpoint, checkpointResetHint } from './checkpoint';
export type { OffsetsEntry, CommitEntry, SinkEntry, PartitionOffsets } from './checkpoint';
export type { QuarantinedRecord } from './sink';
export { fetchGroupOffsets } from './source';

/** What the merge may ask of the stream's checkpoint; nothing else touches its files. */
export { checkpointFiles, checkpointRoots, clearCheckpoint, isTempName, retireArchivedBatches, settleClearedCheckpoints } from './checkpoint';
export type { CheckpointFiles, CommittedFile } from './checkpoint';
export { handCheckpointToGroup } from './engine/groupHandOver';
