import { defineCommand } from '../command';
import { notYetBuilt } from './notYetBuilt';

export const cycleCommand = defineCommand({
  name: 'cycle',
  summary: 'TODO',
  usage: 'iot cycle [flags]',
  flags: {},
  run: notYetBuilt('cycle'),
});
