import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';

export type ListenerMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/**
 * An extra SASL_SSL listener on our native broker, beside its PLAINTEXT one
 * (which the broker keeps for itself and for Kafka's admin tools), so tests
 * meet TLS and SASL exactly as a managed Kafka serves them.
 */
export interface SaslSslListener {
  port: number;
  /** The host clients are told to connect to (default 127.0.0.1, where it listens). */
  advertisedHost?: string;
  /** PKCS12 keystore holding the broker's key and its certificate chain. */
  keystoreFile: string;
  /** The keystore's password; written only into server.properties (mode 0600), never on a command line. */
  keystorePassword: string;
  mechanisms: ListenerMechanism[];
  /** Who may log in: PLAIN users through the listener's JAAS config, SCRAM users through `addScramUsers`. */
  users: { name: string; password: string }[];
}

/** `properties` (a single-node server.properties) with the SASL_SSL listener added to its listeners. */
export function withSaslSslListener(properties: string, listener: SaslSslListener | undefined): string {
  if (!listener) return properties;
  const endpoint = (host: string) => `SASL_SSL://${host}:${listener.port}`;
  const extended = properties
    .replace(/^(listeners=.*)$/m, `$1,${endpoint('127.0.0.1')}`)
    .replace(/^(advertised\.listeners=.*)$/m, `$1,${endpoint(listener.advertisedHost ?? '127.0.0.1')}`)
    .replace(/^(listener\.security\.protocol\.map=.*)$/m, '$1,SASL_SSL:SASL_SSL');
  return [extended.trimEnd(), ...saslSslLines(listener), ''].join('\n');
}

function saslSslLines(listener: SaslSslListener): string[] {
  const prefix = 'listener.name.sasl_ssl';
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const plainUsers = listener.users.map((user) => `user_${user.name}="${jaasSafe(user.password)}"`).join(' ');
  const jaas = (mechanism: ListenerMechanism) =>
    `${prefix}.${mechanism.toLowerCase()}.sasl.jaas.config=${mechanism === 'PLAIN' ? `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};` : scram}`;
  return [
    `sasl.enabled.mechanisms=${listener.mechanisms.join(',')}`,
    ...listener.mechanisms.map(jaas),
    `${prefix}.ssl.keystore.type=PKCS12`,
    `${prefix}.ssl.keystore.location=${listener.keystoreFile}`,
    `${prefix}.ssl.keystore.password=${listener.keystorePassword}`,
    `${prefix}.ssl.key.password=${listener.keystorePassword}`,
    `${prefix}.ssl.client.auth=none`,
  ];
}

/** JAAS quoting and properties escaping would both apply to quotes and backslashes: test passwords simply avoid them. */
function jaasSafe(password: string): string {
  if (/["\\\s]/.test(password)) throw new Error('a test broker password must not hold quotes, backslashes or spaces');
  return password;
}

/**
 * Gives each SCRAM user its credentials with Kafka's own `kafka-configs`
 * (ConfigCommand) against the running broker's PLAINTEXT listener. Passwords go
 * through `--add-config-file` (0600, removed afterwards), so no `ps` shows them;
 * in a file the value has no brackets (only `--add-config` strips them).
 */
export async function addScramUsers(libs: string, bootstrap: string, listener: SaslSslListener, workDir: string): Promise<void> {
  const scram = listener.mechanisms.filter((mechanism) => mechanism !== 'PLAIN');
  // The broker refuses two credentials of one user in a request: one call per user and mechanism.
  for (const user of listener.users) {
    for (const mechanism of scram) {
      const file = join(workDir, `scram-${user.name}-${mechanism}.properties`);
      writeFileSync(file, `${mechanism}=iterations=4096,password=${user.password}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      try {
        await $({ quiet: true })`java -cp ${`${libs}/*`} kafka.admin.ConfigCommand --bootstrap-server ${bootstrap} --alter --entity-type users --entity-name ${user.name} --add-config-file ${file}`;
      } finally {
        rmSync(file, { force: true });
      }
    }
  }
}
