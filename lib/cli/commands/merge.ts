import { defineCommand } from '../command';
import { notYetBuilt } from './notYetBuilt';

export const mergeCommand = defineCommand({
  name: 'merge',
  summary: 'TODO',
  usage: 'iot merge [flags]',
  flags: {},
  run: notYetBuilt('merge'),
});
