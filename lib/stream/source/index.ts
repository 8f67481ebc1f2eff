export { KafkaSource } from './kafkaSource';
export type { RecordVisitor } from './rangeFetcher';
export { planEnd, countBetween, reached, lagOf } from './planOffsets';
export { fetchGroupOffsets, GroupOffsetCommitter, checkGroupHasNoMembers } from './groupOffsets';
export { defaultFetchTuning } from './fetchTuning';
export type { FetchTuning } from './fetchTuning';
export type { OffsetCommitter } from './groupOffsets';
export { GroupMembership } from './groupMembership';
export type { Assignment } from './groupMembership';
