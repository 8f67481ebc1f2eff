import { join } from 'node:path';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { ensureMavenJars } from '../mavenJars';
import { kafkaScalaVersion, kafkaVersion } from './version';

/** Folder of the broker's jars inside the cache; filled once, reused by every clone and run. */
export function kafkaLibsDir(cacheDir: string): string {
  return join(cacheDir, 'kafka', kafkaVersion, 'libs');
}

/**
 * The broker (kafka_2.13), the tools (for ProducerPerformance and the console
 * producer in `make bench`) and a log4j2 binding, from Maven Central. Kafka
 * 4.x logs through slf4j 1.7, so the log4j2 binding is log4j-slf4j-impl.
 */
export async function ensureKafkaJars(cacheDir: string, logger: Logger): Promise<string> {
  const libs = kafkaLibsDir(cacheDir);
  const artifacts = [
    { group: 'org.apache.kafka', artifact: `kafka_${kafkaScalaVersion}`, version: kafkaVersion },
    { group: 'org.apache.kafka', artifact: 'kafka-tools', version: kafkaVersion },
    { group: 'org.apache.logging.log4j', artifact: 'log4j-core', version: '2.24.3' },
    { group: 'org.apache.logging.log4j', artifact: 'log4j-slf4j-impl', version: '2.24.3' },
  ];
  const resolved = await ensureMavenJars(libs, artifacts, 'kafka_', (detail) => new ServiceError(`Could not resolve Apache Kafka ${kafkaVersion} jars with mvn: ${detail}`, {
    code: 'KAFKA_JARS_UNAVAILABLE', retriable: false,
    hint: 'Check that `mvn -v` works and Maven Central is reachable, or set KAFKA_BROKERS to an existing broker.',
  }));
  if (resolved) logger.info('kafka.jars.ready', { libs });
  return libs;
}
