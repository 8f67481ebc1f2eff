import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { ServiceError } from '../../errors';
import { LocalKafkaNode, localKafkaNodes, replicationFor } from '../../kafka';
import { Logger } from '../../log';
import { isAlive, readPid, startBackgroundProcess, stopBackgroundProcess, tailFile } from '../../process';
import { ensureKafkaJars } from './jars';
import { SaslSslListener, withSaslSslListener } from './saslSslListener';

export interface NativeBrokerPaths {
  /** This node's folder (DATA_DIR/services/kafka, or …/kafka/<id> in a cluster): config, KRaft storage, pid and log. */
  home: string;
  cacheDir: string;
  /** This node's broker port (its controller's is in `cluster`, else port+1). */
  port: number;
  /** Set for a node of a cluster; unset: a single node. */
  cluster?: {
    node: LocalKafkaNode;
    /** Every node of the quorum, this one included. */
    quorum: LocalKafkaNode[];
    /** Shared by every node of one cluster; storage is formatted with it once. */
    clusterId: () => Promise<string>;
  };
  /** An extra SASL_SSL listener (tests of TLS and SASL); the PLAINTEXT listener stays. */
  saslSsl?: SaslSslListener;
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

/**
 * A KRaft node that is broker and controller at once, on 127.0.0.1 only. In a
 * cluster every node votes (static quorum) and internal topics are replicated
 * like ours: min(3, nodes) copies, min.insync.replicas 2 from 3 copies on, so
 * one node can be down (rolling restart, kill -9) while acks=all still works.
 */
export function serverProperties(node: LocalKafkaNode, quorum: LocalKafkaNode[], storage: string): string {
  const replicas = replicationFor(quorum.length);
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${quorum.map((voter) => `${voter.id}@127.0.0.1:${voter.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${storage}`,
    'num.partitions=3',
    `default.replication.factor=${replicas.factor}`,
    `min.insync.replicas=${replicas.minInSync}`,
    `offsets.topic.replication.factor=${replicas.factor}`,
    'offsets.topic.num.partitions=3',
    `transaction.state.log.replication.factor=${replicas.factor}`,
    `transaction.state.log.min.isr=${replicas.minInSync}`,
    `share.coordinator.state.topic.replication.factor=${replicas.factor}`,
    `share.coordinator.state.topic.min.isr=${replicas.minInSync}`,
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
  const libs = await ensureKafkaJars(paths.cacheDir, logger);
  mkdirSync(paths.home, { recursive: true });
  const [node] = localKafkaNodes(paths.port, 1);
  const properties = serverProperties(paths.cluster?.node ?? node, paths.cluster?.quorum ?? [node], files.storage);
  // 0600: with a SASL_SSL listener the file holds the keystore password and PLAIN users.
  writeFileSync(files.properties, withSaslSslListener(properties, paths.saslSsl), { mode: 0o600 });
  writeFileSync(files.log4j, log4jProperties(files.logFile));
  const classpath = `${libs}/*`;
  if (!existsSync(join(files.storage, 'meta.properties'))) {
    const clusterId = await (paths.cluster?.clusterId ?? (() => newClusterId(paths.cacheDir, logger)))();
    await $({ quiet: true })`java -cp ${classpath} kafka.tools.StorageTool format -t ${clusterId} -c ${files.properties}`;
    logger.info('kafka.storage.formatted', { clusterId, storage: files.storage });
  }
  const pid = startBackgroundProcess({
    command: 'java',
    args: ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${files.log4j}`, '-cp', classpath, 'kafka.Kafka', files.properties],
    logFile: files.logFile,
    pidFile: files.pidFile,
  });
  logger.info('kafka.native.started', { node: paths.cluster?.node.id ?? 1, pid, port: paths.port, log: files.logFile });
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
    code: 'KAFKA_START_FAILED', retriable: false,
    hint: `Is the port taken (KAFKA_PORT)? Stale storage? Try \`npx iot services down kafka\`, remove ${files.storage}, and start again.`,
  });
}

/** A fresh KRaft cluster id from Kafka's own tool. */
export async function newClusterId(cacheDir: string, logger: Logger): Promise<string> {
  const libs = await ensureKafkaJars(cacheDir, logger);
  return (await $({ quiet: true })`java -cp ${`${libs}/*`} kafka.tools.StorageTool random-uuid`).stdout.trim();
}

export async function checkJava(): Promise<void> {
  try {
    await $({ quiet: true })`java -version`;
  } catch {
    throw new ServiceError('Java is needed to run Kafka natively, and `java` was not found.', {
      code: 'JAVA_MISSING', retriable: false,
      hint: 'Install a JRE 17+ (e.g. `apt-get install openjdk-17-jre-headless`), run Docker, or set KAFKA_BROKERS.',
    });
  }
}
