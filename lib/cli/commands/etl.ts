import { defineCommand } from '../command';
import { notYetBuilt } from './notYetBuilt';

export const etlCommand = defineCommand({
  name: 'etl',
  summary: 'TODO',
  usage: 'iot etl [flags]',
  flags: {},
  run: notYetBuilt('etl'),
});
