import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { $ } from 'zx';

export interface TestCertificateAuthority {
  /** The CA's certificate (PEM): what a client's KAFKA_SSL_CA_FILE points at. */
  caFile: string;
  keyFile: string;
}

export interface BrokerKeystore {
  /** PKCS12 with the broker's key, its certificate and the CA's. */
  keystoreFile: string;
  keystorePassword: string;
}

/** A throwaway CA made with openssl, valid two days; its key stays in `dir`. */
export async function makeCertificateAuthority(dir: string, name: string): Promise<TestCertificateAuthority> {
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  await $({ quiet: true })`openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj ${`/CN=${name}`} -keyout ${keyFile} -out ${caFile}`;
  return { caFile, keyFile };
}

/**
 * The broker's key and certificate, signed by `ca`, for the names clients use
 * (`hostNames`, e.g. IP:127.0.0.1), packed as a PKCS12 keystore with openssl.
 * The keystore password reaches openssl through a file, not its arguments.
 */
export async function makeBrokerKeystore(dir: string, ca: TestCertificateAuthority, hostNames: string[]): Promise<BrokerKeystore> {
  const file = (name: string) => join(dir, name);
  const keystorePassword = randomBytes(12).toString('hex');
  writeFileSync(file('keystore-password'), keystorePassword, { mode: 0o600 });
  writeFileSync(file('broker.ext'), `subjectAltName=${hostNames.join(',')}\n`);
  await $({ quiet: true })`openssl req -newkey rsa:2048 -nodes -sha256 -subj /CN=iot-test-broker -keyout ${file('broker.key')} -out ${file('broker.csr')}`;
  await $({ quiet: true })`openssl x509 -req -sha256 -days 2 -in ${file('broker.csr')} -CA ${ca.caFile} -CAkey ${ca.keyFile} -CAcreateserial -extfile ${file('broker.ext')} -out ${file('broker.pem')}`;
  await $({ quiet: true })`openssl pkcs12 -export -name broker -in ${file('broker.pem')} -inkey ${file('broker.key')} -certfile ${ca.caFile} -passout ${`file:${file('keystore-password')}`} -out ${file('broker.p12')}`;
  return { keystoreFile: file('broker.p12'), keystorePassword };
}
