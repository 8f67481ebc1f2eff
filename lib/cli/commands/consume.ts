import { defineCommand } from '../command';
import { notYetBuilt } from './notYetBuilt';

export const consumeCommand = defineCommand({
  name: 'consume',
  summary: 'TODO',
  usage: 'iot consume [flags]',
  flags: {},
  run: notYetBuilt('consume'),
});
