/** How a service runs: someone else's (remote), a container of ours, or a native process of ours. */
export type ServiceMode = 'remote' | 'docker' | 'native';

export interface ServiceStatus {
  name: string;
  mode: ServiceMode | 'stopped';
  ready: boolean;
  /** Where clients connect, e.g. "127.0.0.1:9092" or a redacted URL. */
  address?: string;
  detail?: string;
  /** A URL clients can connect with, credentials included; never printed (tests and the cycle use it). */
  connectionUrl?: string;
}

/** One lifecycle for every service: bring it up and wait until it answers, report, stop. */
export interface Service {
  name: string;
  up(): Promise<ServiceStatus>;
  status(): Promise<ServiceStatus>;
  down(): Promise<ServiceStatus>;
}
