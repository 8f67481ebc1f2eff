export { WindowOperator } from './windowOperator';
export type { OpenWindows } from './windowOperator';
export { eventTimeOptions, windowStarts } from './windowSpec';
export type { WindowSpec, EventTimeOptions } from './windowSpec';
export { parseDuration, formatDuration } from './duration';
