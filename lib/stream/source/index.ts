export { KafkaSource } from './kafkaSource';
export type { RecordHandler } from './kafkaSource';
export { planEnd, countBetween, reached, lagOf } from './planOffsets';
export { fetchGroupOffsets, GroupOffsetCommitter } from './groupOffsets';
export { defaultFetchTuning } from './fetchTuning';
export type { FetchTuning } from './fetchTuning';
