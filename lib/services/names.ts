/** A leaf module so `iot services --help` names the services without loading their drivers. */
export const serviceNames = ['kafka', 'postgres', 'mssql', 'superset'] as const;
export type ServiceName = (typeof serviceNames)[number];
