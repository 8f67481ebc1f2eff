import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Logger, silentLogger } from '../../../log';
import { freePort } from '../../../testing';
import { kafkaLibsDir } from '../jars';
import { waitFor } from '../../waitFor';
import { brokerDidNotStart, startNativeBroker, stopNativeBroker } from '../nativeBroker';
import { addScramUsers, ListenerMechanism } from '../saslSslListener';
import { makeBrokerKeystore, makeCertificateAuthority } from './testCertificates';

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

const readyWithinMs = 90_000;

/**
 * Our native broker with a SASL_SSL listener, the way a managed Kafka serves
 * it: a CA and broker keystore made here with openssl, one user with a random
 * password, SCRAM credentials given with Kafka's own kafka-configs. Resolves
 * once the user exists, i.e. the broker answers.
 */
export async function startSaslSslBroker(dir: string, cacheDir: string, logger: Logger = silentLogger): Promise<SaslSslBroker> {
  const certificates = join(dir, 'certificates');
  const ca = await makeCertificateAuthority(certificates, 'iot-test-ca');
  const keystore = await makeBrokerKeystore(certificates, ca, ['IP:127.0.0.1', 'DNS:localhost']);
  const [port, saslPort] = [await freePort(true), await freePort()];
  const user = { name: 'iot-sensor', password: randomBytes(16).toString('hex') };
  // SCRAM-SHA-256 works the same way; each SCRAM mechanism costs one more kafka-configs run at start.
  const mechanisms: ListenerMechanism[] = ['SCRAM-SHA-512', 'PLAIN'];
  const listener = { port: saslPort, ...keystore, mechanisms, users: [user] };
  const home = join(dir, 'kafka');
  const pid = await startNativeBroker({ home, cacheDir, port, saslSsl: listener }, logger);
  const stop = async () => { await stopNativeBroker(home); };
  const userAdded = () => addScramUsers(kafkaLibsDir(cacheDir), `127.0.0.1:${port}`, listener, dir).then(() => true, () => false);
  if (!(await waitFor(userAdded, { timeoutMs: readyWithinMs, intervalMs: 1_000 }))) {
    await stop();
    throw brokerDidNotStart(home, readyWithinMs / 1000);
  }
  return { address: `127.0.0.1:${saslPort}`, caFile: ca.caFile, user, home, pid, stop };
}
