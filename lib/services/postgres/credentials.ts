/** Our own server is a local development database: fixed, documented credentials, bound to 127.0.0.1 only. */
export const postgresCredentials = { user: 'iot', password: 'iot', database: 'iot' } as const;

export function postgresConnectionUrl(port: number, database: string = postgresCredentials.database): string {
  const { user, password } = postgresCredentials;
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}
