import { Config } from '../config';
import { PipelineError } from '../errors';

/**
 * The hint that fits the situation the error happened in, where the stage that raised it could not know it:
 * a Kafka that does not answer while KAFKA_BROKERS is unset is our own broker, not running; nothing to check
 * in a setting the user never made.
 */
export function situationHint(error: PipelineError, config: Config | undefined): string | undefined {
  const ownKafka = config !== undefined && config.kafka.brokers === undefined;
  if (error.code === 'KAFKA_UNREACHABLE' && ownKafka) {
    return 'KAFKA_BROKERS is unset, so this is our own local broker, and it is not running: start it with `make up` '
      + '(or `npx iot services up kafka`); `iot cycle` starts it by itself.';
  }
  return error.hint;
}
