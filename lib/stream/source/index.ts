export { KafkaSource } from './kafkaSource';
export type { RecordVisitor } from './recordBatches';
export { planEnd, countBetween, reached, lagOf } from './planOffsets';
export { fetchGroupOffsets, GroupOffsetCommitter, checkGroupHasNoMembers } from './groupOffsets';
export { defaultFetchTuning } from './fetchTuning';
export type { FetchTuning } from './fetchTuning';
