export { StateStore } from './stateStore';
export type { StateStoreOptions, BatchState, Verdict } from './stateStore';
export type { StatefulOperator, OperatorOutput, OutputRow } from './operator';
export { eventTimeOf, formatEventTime } from './eventTime';
export { SensorIndex } from './sensorIndex';
