import { UsageError } from '../../errors';
import { fields } from '../../config';
import { serviceNames } from '../../services/names';
import type { ServiceStatus } from '../../services/service';
import { defineCommand } from '../command';

const actions = ['up', 'down', 'status'] as const;

export const servicesCommand = defineCommand({
  name: 'services',
  summary: 'Start, stop or show the services the pipeline needs (Kafka, PostgreSQL, SQL Server, Superset).',
  usage: `iot services up|down|status [${serviceNames.join('|')}|all]`,
  flags: {
    json: fields.flag({ description: 'Print the status of each service as one JSON line.', default: false, example: 'true' }),
  },
  async run({ args, flags, config, logger }) {
    const [action, target = 'all'] = args;
    if (!actions.includes(action as (typeof actions)[number])) {
      throw new UsageError(`Unknown action "${action ?? ''}" for \`iot services\`.`, { hint: 'Use up, down or status, e.g. `npx iot services up kafka`.' });
    }
    const { serviceFor, servicesForAll } = await import('../../services/registry');
    const names = target === 'all' ? servicesForAll(config(), action as (typeof actions)[number]) : [target];
    const statuses: ServiceStatus[] = [];
    for (const name of action === 'down' ? [...names].reverse() : names) {
      const service = serviceFor(name, config(), logger);
      statuses.push(await service[action as (typeof actions)[number]]());
    }
    for (const status of statuses) process.stdout.write(flags.json ? JSON.stringify(status) + '\n' : describeStatus(status) + '\n');
    return action === 'status' && statuses.some((status) => !status.ready) ? 1 : 0;
  },
});

function describeStatus(status: ServiceStatus): string {
  const state = status.ready ? 'ready' : 'not ready';
  const where = status.address ? ` at ${status.address}` : '';
  const detail = status.detail ? ` (${status.detail})` : '';
  return `${status.name.padEnd(9)} ${status.mode.padEnd(8)} ${state}${where}${detail}`;
}
