/**
 * The library behind `iot` and the notebooks, one namespace per stage in data-flow
 * order: `import { producer, stream, merge, etl, cycle } from 'iot-pipeline'`.
 * Each namespace is that folder's index, so its entry point is named there
 * (producer: runProducer, stream: runStream, merge: mergeParts, etl: runEtl,
 * cycle: runCycles, dashboard: startDashboard). Notebooks import a stage folder from dist/lib.
 */
export * as config from './config';
export * as schema from './schema';
export * as producer from './producer';
export * as stream from './stream';
export * as merge from './merge';
export * as etl from './etl';
export * as db from './db';
export * as cycle from './cycle';
export * as dashboard from './dashboard';
export * as services from './services/registry';
export * as log from './log';
export * as errors from './errors';
