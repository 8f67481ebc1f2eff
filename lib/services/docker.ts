import { spawnSync } from 'node:child_process';

/** True when a Docker engine answers (not just a docker CLI on the PATH). */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000, encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '';
}

export interface ContainerSpec {
  name: string;
  image: string;
  ports: Array<[host: number, container: number]>;
  env: Record<string, string>;
  volumes?: Array<[host: string, container: string]>;
  /** Run as this uid:gid, e.g. so a container writes host folders as their owner. */
  user?: string;
  /** Extra /etc/hosts entries, e.g. ['host.docker.internal', 'host-gateway'] to reach the host. */
  hosts?: Array<[name: string, address: string]>;
}

/** `docker run` arguments for a detached, named, restartable service container. */
export function dockerRunArgs(spec: ContainerSpec): string[] {
  const ports = spec.ports.flatMap(([host, container]) => ['-p', `127.0.0.1:${host}:${container}`]);
  const env = Object.entries(spec.env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  const volumes = (spec.volumes ?? []).flatMap(([host, container]) => ['-v', `${host}:${container}`]);
  const user = spec.user ? ['--user', spec.user] : [];
  const hosts = (spec.hosts ?? []).flatMap(([name, address]) => ['--add-host', `${name}:${address}`]);
  return ['run', '-d', '--name', spec.name, ...ports, ...env, ...volumes, ...user, ...hosts, spec.image];
}

export function dockerContainerRunning(name: string): boolean {
  const result = spawnSync('docker', ['inspect', '-f', '{{.State.Running}}', name], { timeout: 5_000, encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'true';
}

export function dockerRemoveArgs(name: string): string[] {
  return ['rm', '-f', name];
}
