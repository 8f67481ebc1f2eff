import { Command } from '../command';
import { servicesCommand } from './services';
import { produceCommand } from './produce';
import { consumeCommand } from './consume';
import { mergeCommand } from './merge';
import { etlCommand } from './etl';
import { cycleCommand } from './cycle';
import { dashboardCommand } from './dashboard';

/** `cycle` first (where a newcomer starts), then the stages in the order data flows; `iot --help` lists them so. */
export const commands = [
  cycleCommand,
  produceCommand,
  consumeCommand,
  mergeCommand,
  etlCommand,
  dashboardCommand,
  servicesCommand,
] as unknown as Command[];
