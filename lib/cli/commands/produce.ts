import { defineCommand } from '../command';
import { notYetBuilt } from './notYetBuilt';

export const produceCommand = defineCommand({
  name: 'produce',
  summary: 'TODO',
  usage: 'iot produce [flags]',
  flags: {},
  run: notYetBuilt('produce'),
});
