export { freePort } from './freePort';
export { startOwnKafka } from './ownKafka';
export type { OwnKafka } from './ownKafka';
export { scratchDir, uniqueTopic, testConfig, testBrokers } from './scratch';
export { skipTest } from './skip';
