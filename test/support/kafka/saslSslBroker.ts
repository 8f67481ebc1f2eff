import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Logger, silentLogger } from '../../../lib/log';
import { freePort } from '..';
import { kafkaLibsDir } from '../../../lib/services/kafka/jars';
import { waitFor } from '../../../lib/process';
import { brokerDidNotStart, startNativeBroker, stopNativeBroker } from '../../../lib/services/kafka/nativeBroker';
import { addScramUsers, ListenerMechanism } from '../../../lib/services/kafka/saslSslListener';
import { makeBrokerKeystore, makeCertificateAuthority } from './testCertificates';
import { IotExit, spawnIot } from '../iotProcess';

export interface SaslSslBroker {
  /** host:port of the SASL_SSL listener, for KAFKA_BROKERS. */
  address: string;
  /** The CA that signed the broker's certificate, for KAFKA_SSL_CA_FILE. */
  caFile: string;
  user: { name: string; password: string };
  /** Folder of the broker's properties, storage and logs (`kafka.log`, `kafka.log.broker`). */
  home: string;
  pid: number;
  stop(): Promise<void>;
}

// Generous: on a shared 2-core machine a JVM start plus one kafka-configs run can take over a minute.
const readyWithinMs = 180_000;

/**
 * Our native broker with a SASL_SSL listener, the way a managed Kafka serves
 * it: a CA and broker keystore made here with openssl, one user with a random
 * password, SCRAM credentials given with Kafka's own kafka-configs. Resolves
 * once the user exists, i.e. the broker answers.
 */
export interface SaslSslBrokerOptions {
  /** The names the broker's certificate holds (default IP:127.0.0.1 and DNS:localhost). */
  certificateNames?: string[];
  /** The host the SASL_SSL listener advertises (default 127.0.0.1). */
  advertisedHost?: string;
  logger?: Logger;
}

export async function startSaslSslBroker(dir: string, cacheDir: string, options: SaslSslBrokerOptions = {}): Promise<SaslSslBroker> {
  const { certificateNames = ['IP:127.0.0.1', 'DNS:localhost'], advertisedHost = '127.0.0.1', logger = silentLogger } = options;
  const certificates = join(dir, 'certificates');
  const ca = await makeCertificateAuthority(certificates, 'iot-test-ca');
  const keystore = await makeBrokerKeystore(certificates, ca, certificateNames);
  const [port, saslPort] = [await freePort(true), await freePort()];
  const user = { name: 'iot-sensor', password: randomBytes(16).toString('hex') };
  // SCRAM-SHA-256 works the same way; each SCRAM mechanism costs one more kafka-configs run at start.
  const mechanisms: ListenerMechanism[] = ['SCRAM-SHA-512', 'PLAIN'];
  const listener = { port: saslPort, advertisedHost, ...keystore, mechanisms, users: [user] };
  const home = join(dir, 'kafka');
  const pid = await startNativeBroker({ home, cacheDir, port, saslSsl: listener }, logger);
  const stop = async () => { await stopNativeBroker(home); };
  const userAdded = () => addScramUsers(kafkaLibsDir(cacheDir), `127.0.0.1:${port}`, listener, dir).then(() => true, () => false);
  if (!(await waitFor(userAdded, { timeoutMs: readyWithinMs, intervalMs: 1_000 }))) {
    await stop();
    throw brokerDidNotStart(home, readyWithinMs / 1000);
  }
  return { address: `${advertisedHost}:${saslPort}`, caFile: ca.caFile, user, home, pid, stop };
}

/**
 * A .env (mode 0600) that points the pipeline at `broker` over SASL_SSL with
 * SCRAM-SHA-512; `overrides` replace settings (e.g. a wrong password or CA).
 * Returns its path, for IOT_ENV_FILE: the password stays out of argv.
 */
export function saslSslEnvFile(broker: SaslSslBroker, file: string, overrides: Record<string, string> = {}): string {
  const settings: Record<string, string> = {
    KAFKA_BROKERS: broker.address,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: broker.user.name,
    KAFKA_SASL_PASSWORD: broker.user.password,
    KAFKA_SSL_CA_FILE: broker.caFile,
    ...overrides,
  };
  writeFileSync(file, Object.entries(settings).map(([name, value]) => `${name}=${value}`).join('\n') + '\n', { mode: 0o600 });
  return file;
}

export type IotRun = IotExit;

/**
 * Starts `npx iot ARGS` with settings from `envFile` only (the runner's
 * KAFKA_BROKERS is dropped, since the environment wins over .env), as a user
 * would: the secret in a file, nothing secret in argv. Debug logs, so that
 * anything a log could leak is written.
 */
export function startIot(args: string[], envFile: string, dataDir: string, timeoutMs = 120_000): { pid: number; done: Promise<IotRun> } {
  const { KAFKA_BROKERS: _runnersBroker, ...env } = process.env;
  const run = spawnIot(args, { ...env, IOT_ENV_FILE: envFile, DATA_DIR: dataDir, LOG_LEVEL: 'debug' }, { timeoutMs });
  return { pid: run.child.pid!, done: run.done };
}

export function iotWithEnvFile(args: string[], envFile: string, dataDir: string, timeoutMs?: number): Promise<IotRun> {
  return startIot(args, envFile, dataDir, timeoutMs).done;
}

