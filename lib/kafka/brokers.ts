import { Config } from '../config';

/** The brokers clients connect to: the configured ones, else our own local broker. */
export function resolveBrokers(config: Config): string[] {
  return config.kafka.brokers ?? [`127.0.0.1:${config.kafka.port}`];
}
