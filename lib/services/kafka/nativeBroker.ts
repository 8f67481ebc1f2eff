import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { isAlive, readPid, startBackgroundProcess, stopBackgroundProcess, tailFile } from '../../process';
import { ensureKafkaJars } from './jars';

export interface NativeBrokerPaths {
  /** DATA_DIR/services/kafka: config, KRaft storage, pid and log. */
  home: string;
  cacheDir: string;
  port: number;
}

export function nativeBrokerFiles(home: string) {
  return {
    properties: join(home, 'server.properties'),
    log4j: join(home, 'log4j2.properties'),
    storage: join(home, 'kraft-logs'),
    pidFile: join(home, 'kafka.pid'),
    logFile: join(home, 'kafka.log'),
  };
}

/** Single-node KRaft: one process is broker and controller, on 127.0.0.1 only. */
export function serverProperties(port: number, storage: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${port + 1}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${port + 1}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${storage}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // A restarted consumer must not wait out a dead member's session: no initial delay.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    '',
  ].join('\n');
}

const log4jProperties = (logFile: string) => `status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${logFile}.broker
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRefs = file, console
rootLogger.appenderRef.file.ref = file
rootLogger.appenderRef.console.ref = console
rootLogger.appenderRef.console.level = WARN
`;

/** Starts the broker as a background java process; formats KRaft storage on first start only. */
export async function startNativeBroker(paths: NativeBrokerPaths, logger: Logger): Promise<number> {
  const files = nativeBrokerFiles(paths.home);
  const running = readPid(files.pidFile);
  if (running !== undefined && isAlive(running)) return running;
  await checkJava();
  const libs = await ensureKafkaJars(paths.cacheDir, logger);
  mkdirSync(paths.home, { recursive: true });
  writeFileSync(files.properties, serverProperties(paths.port, files.storage));
  writeFileSync(files.log4j, log4jProperties(files.logFile));
  const classpath = `${libs}/*`;
  if (!existsSync(join(files.storage, 'meta.properties'))) {
    const clusterId = (await $({ quiet: true })`java -cp ${classpath} kafka.tools.StorageTool random-uuid`).stdout.trim();
    await $({ quiet: true })`java -cp ${classpath} kafka.tools.StorageTool format -t ${clusterId} -c ${files.properties}`;
    logger.info('kafka.storage.formatted', { clusterId, storage: files.storage });
  }
  const pid = startBackgroundProcess({
    command: 'java',
    args: ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${files.log4j}`, '-cp', classpath, 'kafka.Kafka', files.properties],
    logFile: files.logFile,
    pidFile: files.pidFile,
  });
  logger.info('kafka.native.started', { pid, port: paths.port, log: files.logFile });
  return pid;
}

export async function stopNativeBroker(home: string): Promise<boolean> {
  return stopBackgroundProcess(nativeBrokerFiles(home).pidFile, 30_000);
}

export function nativeBrokerRunning(home: string): boolean {
  const pid = readPid(nativeBrokerFiles(home).pidFile);
  return pid !== undefined && isAlive(pid);
}

/** The error for a broker that started but never answered, with its last log lines. */
export function brokerDidNotStart(home: string, seconds: number): ServiceError {
  const files = nativeBrokerFiles(home);
  return new ServiceError(`Our Kafka broker did not become ready within ${seconds} s. Last lines of ${files.logFile}:\n${tailFile(files.logFile)}`, {
    code: 'KAFKA_START_FAILED',
    hint: `Is the port taken (KAFKA_PORT)? Stale storage? Try \`npx iot services down kafka\`, remove ${files.storage}, and start again.`,
  });
}

async function checkJava(): Promise<void> {
  try {
    await $({ quiet: true })`java -version`;
  } catch {
    throw new ServiceError('Java is needed to run Kafka natively, and `java` was not found.', {
      code: 'JAVA_MISSING',
      hint: 'Install a JRE 17+ (e.g. `apt-get install openjdk-17-jre-headless`), run Docker, or set KAFKA_BROKERS.',
    });
  }
}
