import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { kafkaScalaVersion, kafkaVersion } from './version';

/** Folder of the broker's jars inside the cache; filled once, reused by every clone and run. */
export function kafkaLibsDir(cacheDir: string): string {
  return join(cacheDir, 'kafka', kafkaVersion, 'libs');
}

/**
 * Resolves the broker (kafka_2.13), the tools (for ProducerPerformance in
 * `make bench`) and a log4j2 binding from Maven Central with `mvn`, into a
 * temporary folder renamed into place, so a cut-off download is never used.
 */
export async function ensureKafkaJars(cacheDir: string, logger: Logger): Promise<string> {
  const libs = kafkaLibsDir(cacheDir);
  if (existsSync(libs) && readdirSync(libs).some((file) => file.startsWith('kafka_'))) return libs;
  const work = join(cacheDir, 'kafka', kafkaVersion, `resolve-${process.pid}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'pom.xml'), kafkaPom());
  logger.info('kafka.jars.resolving', { version: kafkaVersion, into: libs });
  try {
    await $({ cwd: work, quiet: true })`mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=${join(work, 'libs')}`;
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw new ServiceError(`Could not resolve Apache Kafka ${kafkaVersion} jars with mvn: ${lastLines(error)}`, {
      code: 'KAFKA_JARS_UNAVAILABLE', retriable: false,
      hint: 'Check that `mvn -v` works and Maven Central is reachable, or set KAFKA_BROKERS to an existing broker.',
    });
  }
  rmSync(libs, { recursive: true, force: true });
  renameSync(join(work, 'libs'), libs);
  rmSync(work, { recursive: true, force: true });
  logger.info('kafka.jars.ready', { libs });
  return libs;
}

function lastLines(error: unknown): string {
  const text = String((error as { stderr?: string; stdout?: string }).stderr || (error as { stdout?: string }).stdout || error);
  return text.trim().split('\n').slice(-5).join('\n');
}

/** Kafka 4.x logs through slf4j 1.7, so the log4j2 binding is log4j-slf4j-impl. */
function kafkaPom(): string {
  const dependency = (group: string, artifact: string, version: string) =>
    `<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>iot-pipeline</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    ${dependency('org.apache.kafka', `kafka_${kafkaScalaVersion}`, kafkaVersion)}
    ${dependency('org.apache.kafka', 'kafka-tools', kafkaVersion)}
    ${dependency('org.apache.logging.log4j', 'log4j-core', '2.24.3')}
    ${dependency('org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3')}
  </dependencies>
</project>
`;
}
