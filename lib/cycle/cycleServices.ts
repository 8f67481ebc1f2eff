import { Config } from '../config';
import { Logger } from '../log';
import { serviceFor, servicesForAll } from '../services/registry';
import { ServiceStatus } from '../services/service';

export interface CycleService {
  status: ServiceStatus;
  /** True when this cycle brought it up (it keeps running afterwards; `make down` stops it). */
  startedHere: boolean;
}

/** Kafka, plus our database server when DATABASE_URL points at it; ones already running are reused. */
export async function startCycleServices(config: Config, logger: Logger): Promise<CycleService[]> {
  const services: CycleService[] = [];
  for (const name of servicesForAll(config)) {
    const service = serviceFor(name, config, logger);
    const before = await service.status();
    const status = before.ready ? before : await service.up();
    // Someone else's (KAFKA_BROKERS) is never "ours", even if it only answered on the second try.
    services.push({ status, startedHere: !before.ready && status.mode !== 'remote' });
  }
  return services;
}

/** What the end of a cycle run says about the services it started. */
export function describeLeftRunning(services: CycleService[]): string | undefined {
  const ours = services.filter((service) => service.startedHere);
  if (ours.length === 0) return undefined;
  const list = ours.map(({ status }) => `${status.name} (${status.mode}${status.address ? ` at ${status.address}` : ''})`).join(', ');
  return `Started ${list}; ${ours.length === 1 ? 'it stays' : 'they stay'} running after the cycle for the next one. \`make down\` (or \`iot services down all\`) stops ${ours.length === 1 ? 'it' : 'them'}.`;
}
