import { Command } from '../command';
import { servicesCommand } from './services';
import { produceCommand } from './produce';
import { consumeCommand } from './consume';
import { mergeCommand } from './merge';
import { etlCommand } from './etl';
import { cycleCommand } from './cycle';
import { dashboardCommand } from './dashboard';

/** In the order data flows through the pipeline; `iot --help` lists them so. */
export const commands = [
  servicesCommand,
  produceCommand,
  consumeCommand,
  mergeCommand,
  etlCommand,
  cycleCommand,
  dashboardCommand,
] as unknown as Command[];
