export { freePort } from './freePort';
export { scratchDir, uniqueTopic, testConfig, testBrokers } from './scratch';
export { skipTest } from './skip';
