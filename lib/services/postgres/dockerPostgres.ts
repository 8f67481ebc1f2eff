import { ContainerSpec } from '../docker';
import { postgresCredentials } from './credentials';

export const postgresContainerName = 'iot-postgres';
/** Pinned major version, the same as Debian's native one, so dumps move between the two. */
export const postgresDockerImage = 'postgres:15';

/** The official image with our user, password and database, data kept under DATA_DIR. */
export function postgresContainerSpec(port: number, dataDir: string): ContainerSpec {
  return {
    name: postgresContainerName,
    image: postgresDockerImage,
    ports: [[port, 5432]],
    env: {
      POSTGRES_USER: postgresCredentials.user,
      POSTGRES_PASSWORD: postgresCredentials.password,
      POSTGRES_DB: postgresCredentials.database,
    },
    volumes: [[dataDir, '/var/lib/postgresql/data']],
  };
}
